-- one row per failed check of a row of the file being merged (checked_rows holds its rows)
insert into load_rejects
select
    $load_id as load_id,
    $file_name as file_name,
    $table_name as table_name,
    _line as line,
    e.column as column_name,
    e.value as value,
    e.reason as reason,
from (
    select _line, unnest(_errors) as e
    from checked_rows
    where len(_errors) > 0
)
