-- one row per frozen quarter, latest first: when, by whom, under which plan version
select quarter, frozen_at, frozen_by, plan_version, content_hash
from bonus_freezes
order by quarter desc
