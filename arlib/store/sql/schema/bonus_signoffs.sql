-- one row per sign-off of a frozen bonus quarter: the approval, then each rep's
-- acknowledgment of their statement (never updated)
create table if not exists bonus_signoffs (
    quarter varchar not null,
    step varchar not null,  -- approved (rep_id '') or acknowledged (rep_id: whose statement)
    rep_id varchar not null,
    signed_by varchar not null,  -- the signed-in email, or the name typed in local mode
    signed_at timestamp not null,
    content_hash varchar not null,  -- the frozen snapshot signed (bonus_freezes.content_hash)
    primary key (quarter, step, rep_id)
)
