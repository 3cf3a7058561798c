-- one row per customer region, for the region filter: the regions of the customers the
-- viewer sees ($reps: the viewer's rep scope, null for every customer)
select distinct region
from stg_customers
where region is not null
    and in_scope(customer_id, null, null, $reps)
order by region
