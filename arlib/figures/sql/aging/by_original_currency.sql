-- one row per original currency and bucket as of $as_of: open amount in that currency, of
-- the scope's customers or of customer $customer_id alone (every customer when null). No
-- base-currency column is read, so the conversion (and a missing FX rate) never runs: what
-- the pages show while a rate is missing
with items as (
    select customer_id, currency, bucket, open_amt
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
        and ($customer_id is null or customer_id = $customer_id)
)
select
    currency,
    bucket,
    sum(open_amt) as open_currency_amt,
    count(*) as count_items,
from items
group by all
order by currency, bucket
