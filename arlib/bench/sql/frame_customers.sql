-- one row per customer, the columns the pandas reference needs
select customer_id, rep_id, region
from stg_customers
