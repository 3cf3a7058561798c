-- one row per column in which two parts of the load hold the same key with different values
create or replace temp table conflict_cells (
    table_name varchar,
    key_columns varchar,
    part_a integer,
    line_a bigint,
    part_b integer,
    line_b bigint,
    key varchar,
    column_no integer,
    column_name varchar,
    value_a varchar,
    value_b varchar
)
