-- one row per reopened freeze of a quarter, oldest first
select quarter, frozen_at, frozen_by, plan_version, content_hash, reopened_at, reopened_by
from bonus_reopened
where quarter = $quarter
order by reopened_at
