-- one row per column of the raw tables as stored (a store made before a model gained a
-- column lacks it; arlib.store.db adds it)
select table_name, column_name
from information_schema.columns
where table_schema = 'main' and table_name like 'raw\_%' escape '\'
