-- no rows: the snapshot of a quarter, stored once (the key refuses a second freeze)
insert into bonus_freezes (quarter, frozen_at, frozen_by, plan_version, content_hash,
                           snapshot_json)
values ($quarter, $frozen_at, $frozen_by, $plan_version, $content_hash, $snapshot_json)
