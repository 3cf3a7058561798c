-- one row per customer region, for the region filter
select distinct region
from stg_customers
where region is not null
order by region
