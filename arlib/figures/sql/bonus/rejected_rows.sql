-- one row per load with rejected rows: how many rows (a row may have several problems)
select load_id, count(distinct (file_name, table_name, line)) as count_rows
from load_rejects
group by load_id
order by load_id
