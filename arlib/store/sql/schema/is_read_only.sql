-- one row: whether the store is open read-only
select readonly as is_read_only
from duckdb_databases()
where database_name = current_database()
