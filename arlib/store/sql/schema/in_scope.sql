-- scalar macro: whether a customer is in the dashboard's scope (owner rep today, region) and
-- in the viewer's rep scope (a list of rep ids: the customers those reps own today); a null
-- rep, region or list means no restriction, an empty list no customer at all
create or replace macro in_scope(customer, scope_rep, scope_region, scope_reps) as
    (scope_rep is null and scope_region is null and scope_reps is null)
    or customer in (
        select customer_id
        from stg_customers
        where (scope_rep is null or rep_id = scope_rep)
            and (scope_region is null or region = scope_region)
            and (scope_reps is null or list_contains(cast(scope_reps as varchar[]), rep_id))
    )
