-- one row per file (or workbook sheet) of a load, with its fingerprint and counts
create table if not exists load_files (
    load_id integer not null,
    file_name varchar not null,
    size_bytes bigint not null,
    sha256 varchar not null,
    table_name varchar not null,
    layout varchar not null,
    rows_read bigint not null,
    inserted bigint not null,
    updated bigint not null,
    unchanged bigint not null,
    rejected bigint not null
)
