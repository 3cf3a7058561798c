-- scalar macro: whether a customer is in the dashboard's scope (owner rep today, region);
-- a null rep or region means every customer
create or replace macro in_scope(customer, scope_rep, scope_region) as
    (scope_rep is null and scope_region is null)
    or customer in (
        select customer_id
        from stg_customers
        where (scope_rep is null or rep_id = scope_rep)
            and (scope_region is null or region = scope_region)
    )
