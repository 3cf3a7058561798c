-- one row per customer: its owner rep today (customers.rep_id; null when it has none)
select customer_id, rep_id
from stg_customers
