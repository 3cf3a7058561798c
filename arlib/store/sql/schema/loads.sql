-- one row per load: when, from where, which layout, what it did
create table if not exists loads (
    load_id integer primary key,
    loaded_at timestamp not null,
    source varchar not null,
    layout varchar not null,
    status varchar not null,  -- committed (data changed) or no_change
    files integer not null,
    rows_read bigint not null,
    inserted bigint not null,
    updated bigint not null,
    unchanged bigint not null,
    rejected bigint not null,
    orphans bigint not null
)
