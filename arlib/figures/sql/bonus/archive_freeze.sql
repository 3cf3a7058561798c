-- no rows: the quarter's freeze and its sign-off steps kept in bonus_reopened, unchanged
insert into bonus_reopened
select
    f.quarter, f.frozen_at, f.frozen_by, f.plan_version, f.content_hash, f.snapshot_json,
    $reopened_at, $reopened_by,
    coalesce((select to_json(list(s order by s.signed_at))
              from bonus_signoffs as s
              where s.quarter = f.quarter)::varchar, '[]')
from bonus_freezes as f
where f.quarter = $quarter
