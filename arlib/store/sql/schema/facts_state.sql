-- one row at most: the data version (latest load that changed data) and layout the fact
-- tables were built from; they are stale when either differs from now
create table if not exists facts_state (
    id integer primary key,
    load_id integer not null,
    layout integer not null,
    built_at timestamp not null
)
