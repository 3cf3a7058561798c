-- one row per freeze of a bonus quarter that was reopened (restatement policy 'reopen'): the
-- snapshot as it was frozen, kept unchanged with its hash, and who reopened it and when
create table if not exists bonus_reopened (
    quarter varchar not null,
    frozen_at timestamp not null,
    frozen_by varchar not null,
    plan_version integer not null,
    content_hash varchar not null,
    snapshot_json varchar not null,
    reopened_at timestamp not null,
    reopened_by varchar not null,
    signoffs_json varchar not null  -- the sign-off steps of that freeze, as JSON records
)
