-- one row per customer named by a row of checked_rows (an export's table) that has no error
insert into export_customers
select distinct $file_name, customer_id
from checked_rows
where len(_errors) = 0 and customer_id is not null
