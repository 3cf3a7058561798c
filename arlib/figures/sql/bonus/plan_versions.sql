-- one row per saved version of a quarter's bonus plan, newest first
select version, saved_at, author, note
from bonus_plans
where quarter = $quarter
order by version desc
