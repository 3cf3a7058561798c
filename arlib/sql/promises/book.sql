-- one row per promise made on or before $as_of, in allocation order (due, made, id): amount in
-- base currency at made_on, and whether a newer promise had superseded it by $as_of
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
    exists (
        select 1
        from stg_promises as n
        where n.customer_id = p.customer_id
            and n.invoice_id is not distinct from p.invoice_id
            and n.made_on > p.made_on
            and n.made_on <= p.due_on
            and n.made_on <= $as_of
    ) as is_superseded,
from promises_base($as_of, $base_currency) as p
left join stg_customers as c on c.customer_id = p.customer_id
where in_scope(p.customer_id, $scope_rep, $scope_region)
    and ($customer_id is null or p.customer_id = $customer_id)
order by p.due_on, p.made_on, p.promise_id
