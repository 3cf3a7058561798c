-- one row per original currency and bucket as of $as_of: open amount in that currency and
-- in base currency
with items as (
    select *
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
)
select
    currency,
    bucket,
    sum(open_amt) as open_currency_amt,
    sum(open_base_amt) as open_amt,
    count(*) as count_items,
from items
group by all
order by currency, bucket
