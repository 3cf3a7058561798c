-- one row: how many distinct lines of one file of a load were rejected
select count(distinct line) as rejected_lines
from load_rejects
where load_id = $load_id
    and file_name = $file_name
    and table_name = $table_name
