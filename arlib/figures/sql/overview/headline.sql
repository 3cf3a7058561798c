-- one row: open AR, past due, unapplied and disputed as of $as_of, in base currency
with items as (
    select *
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
)
select
    coalesce(sum(open_base_amt), 0) as open_ar_amt,
    coalesce(sum(open_base_amt) filter (where is_past_due), 0) as past_due_amt,
    coalesce(sum(open_base_amt) filter (where bucket = 'unapplied'), 0) as unapplied_amt,
    coalesce(sum(open_base_amt) filter (where is_disputed), 0) as disputed_amt,
    count(distinct customer_id) filter (where open_amt > 0) as count_customers_open,
from items
