-- one row per quarter with a saved bonus plan, latest first
select distinct quarter
from bonus_plans
order by quarter desc
