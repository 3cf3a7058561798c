-- one row (none when nothing is saved): a version of the quarter's plan, the latest when
-- $version is null
select quarter, version, saved_at, author, note, plan_json
from bonus_plans
where quarter = $quarter
    and ($version is null or version = $version)
order by version desc
limit 1
