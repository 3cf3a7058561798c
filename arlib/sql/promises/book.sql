-- one row per promise made on or before $as_of, in allocation order (due, made, id): amount in
-- base currency at made_on, and whether a newer promise had superseded it by $as_of (one for
-- the same customer and invoice, made after it and on or before its due date)
with made as (
    select p.*
    from promises_base($as_of, $base_currency) as p
    where in_scope(p.customer_id, $scope_rep, $scope_region)
        and ($customer_id is null or p.customer_id = $customer_id)
),
succeeded as (
    select
        *,
        -- the first later promise date of the same customer and invoice (nulls together)
        min(made_on) over (
            partition by customer_id, invoice_id order by made_on
            range between interval 1 day following and unbounded following
        ) as next_made_on,
    from made
)
select
    p.promise_id,
    p.customer_id,
    c.name as customer_name,
    p.rep_id,
    p.invoice_id,
    p.made_on,
    p.due_on,
    p.amount,
    p.currency,
    p.fx_rate,
    p.amount_base,
    coalesce(p.next_made_on <= p.due_on, false) as is_superseded,
from succeeded as p
left join stg_customers as c on c.customer_id = p.customer_id
order by p.due_on, p.made_on, p.promise_id
