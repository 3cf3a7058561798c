-- one row per open item with a positive balance on $as_of, in scope: its balance in its own
-- currency and in base currency (FX policy, rate of the item), due date, dispute flag and
-- the customer's name and region (the segment of the cash forecast); money as double
select
    o.item_id,
    o.customer_id,
    c.name as customer_name,
    c.region,
    o.item_type,
    o.invoice_on,
    o.due_on,
    o.currency,
    cast(o.open_amt as double) as open_amt,
    cast(o.fx_rate as double) as fx_rate,
    cast(o.open_base_amt as double) as open_base_amt,
    o.is_disputed,
from open_items(
    [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
) as o
left join stg_customers as c on c.customer_id = o.customer_id
where o.open_amt > 0
    and in_scope(o.customer_id, $scope_rep, $scope_region, $scope_reps)
order by o.due_on, o.item_id
