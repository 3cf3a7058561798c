-- one row per customer: id, name and owner rep (for lists and search)
select customer_id, name as customer_name, rep_id
from stg_customers
order by customer_id
