-- one row per customer and bucket with an open amount as of $as_of, with its past due
-- (by due date) and disputed parts, base currency (money
-- as double, so that arlib.store.db.run_frame can read it)
with items as (
    select *
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
)
select
    i.customer_id,
    c.name as customer_name,
    c.rep_id,
    c.region,
    i.bucket,
    cast(sum(i.open_base_amt) as double) as open_amt,
    cast(coalesce(sum(i.open_base_amt) filter (where i.is_past_due), 0) as double)
        as past_due_amt,
    cast(coalesce(sum(i.open_base_amt) filter (where i.is_disputed), 0) as double)
        as disputed_amt,
    count(*) as count_items,
from items as i
left join stg_customers as c on c.customer_id = i.customer_id
group by all
order by i.customer_id, i.bucket
