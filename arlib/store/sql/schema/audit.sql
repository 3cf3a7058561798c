-- one row per recorded action: who did what, when (the audit trail)
create table if not exists audit (
    happened_at timestamp not null,
    email varchar not null,  -- who: the signed-in email, 'local user (no sign-in)' or the command line
    action varchar not null,  -- sign_in, denied, roster (arlib.store.audit.ACTIONS)
    detail varchar not null
)
