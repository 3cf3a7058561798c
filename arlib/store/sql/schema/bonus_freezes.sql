-- one row per frozen quarter: the snapshot of its payout, never updated
create table if not exists bonus_freezes (
    quarter varchar primary key,
    frozen_at timestamp not null,
    frozen_by varchar not null,
    plan_version integer not null,
    content_hash varchar not null,  -- sha256 of snapshot_json
    snapshot_json varchar not null  -- figures, rows, plan, settings, load ids, code version
)
