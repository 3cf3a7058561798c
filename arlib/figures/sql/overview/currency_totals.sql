-- one row per document currency holding an open item as of $as_of: open, past due and
-- unapplied amounts in that currency (never converted, so no FX rate is needed), the open
-- items (documents, open credit notes and unapplied cash rows) and the customers holding one
with items as (
    select customer_id, currency, open_amt, is_past_due, bucket
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
)
select
    currency,
    sum(open_amt) as open_currency_amt,
    coalesce(sum(open_amt) filter (where is_past_due), 0) as past_due_currency_amt,
    coalesce(sum(open_amt) filter (where bucket = 'unapplied'), 0) as unapplied_currency_amt,
    count(*) as count_items,
    count(distinct customer_id) as count_customers,
from items
group by currency
order by currency
