-- one row per problem found in a rejected row (a row may have several)
create table if not exists load_rejects (
    load_id integer not null,
    file_name varchar not null,
    table_name varchar not null,
    line bigint,
    column_name varchar,
    value varchar,
    reason varchar not null
)
