-- one row per as-of date of $as_of_dates and bucket (every bucket, zero when empty),
-- base currency: the aging snapshot at each date
with items as (
    select *
    from open_items(
        $as_of_dates, $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
),
labels as (
    select
        unnest(list_append($bucket_labels, 'unapplied')) as bucket,
        generate_subscripts(list_append($bucket_labels, 'unapplied'), 1) as bucket_order,
),
grid as (
    select t.as_of, l.bucket, l.bucket_order
    from (select unnest($as_of_dates) as as_of) as t
    cross join labels as l
)
select
    g.as_of,
    g.bucket,
    coalesce(sum(i.open_base_amt), 0) as open_amt,
    coalesce(sum(i.open_base_amt) filter (where i.is_disputed), 0) as disputed_amt,
    count(i.item_id) as count_items,
from grid as g
left join items as i on i.as_of = g.as_of and i.bucket = g.bucket
group by g.as_of, g.bucket, g.bucket_order
order by g.as_of, g.bucket_order
