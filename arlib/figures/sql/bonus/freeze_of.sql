-- one row (none when the quarter is not frozen): the quarter's frozen snapshot
select quarter, frozen_at, frozen_by, plan_version, content_hash, snapshot_json
from bonus_freezes
where quarter = $quarter
