-- one row per person who may sign in to the app: their role, their scope, whether active
create table if not exists roster (
    email varchar primary key,  -- lower case; matched to the identity token's email claim
    name varchar,
    role varchar not null,  -- finance_admin, viewer, manager or rep (arlib.store.roster.ROLES)
    rep_id varchar,  -- a rep: the rep they are (reps.rep_id)
    team varchar,  -- a manager: the team whose reps they see (reps.team)
    active boolean not null,
    changed_at timestamp not null,
    changed_by varchar not null
)
