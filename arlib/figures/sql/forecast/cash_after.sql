-- one row per cash payment row applied to a document open with a positive balance on
-- $as_of (disputed or not), in scope, paid in [$as_of + 1, $last_on]: the cash that actually
-- arrived on the items a forecast made on $as_of places, in the item's currency (the
-- back-test converts it at the item's own rate, as the forecast did); money as double
with items as (
    select o.item_id, o.customer_id
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    ) as o
    where o.open_amt > 0
        and o.item_type <> 'unapplied_cash'
        and in_scope(o.customer_id, $scope_rep, $scope_region, $scope_reps)
)
select
    s.invoice_id as item_id,
    s.customer_id,
    s.paid_on,
    cast(s.amount as double) as paid_amt,
from fact_settlements as s
join items as i on i.item_id = s.invoice_id
where s.is_cash
    and s.paid_on > $as_of
    and s.paid_on <= $last_on
order by s.paid_on, s.invoice_id
