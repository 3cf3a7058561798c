-- one row per row of a part that loses a conflict (another file's values were chosen): its
-- reject, added to the row's errors when the part is merged
create or replace temp table conflict_losers (
    _part integer,
    _line bigint,
    column_name varchar,
    value varchar,
    reason varchar
)
