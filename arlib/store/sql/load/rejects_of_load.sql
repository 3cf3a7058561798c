-- one row per problem found in a rejected row of a load, in file and line order
select
    file_name,
    table_name,
    line,
    coalesce(column_name, '') as column_name,
    coalesce(value, '') as value,
    reason,
from load_rejects
where load_id = $load_id
order by file_name, line, column_name
