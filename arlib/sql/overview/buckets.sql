-- one row per aging bucket (in edge order, then unapplied) as of $as_of, base currency
with items as (
    select *
    from open_items($as_of, $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels)
),
labels as (
    select unnest(list_append($bucket_labels, 'unapplied')) as bucket,
        generate_subscripts(list_append($bucket_labels, 'unapplied'), 1) as bucket_order
)
select
    l.bucket,
    coalesce(sum(i.open_base_amt), 0) as open_amt,
    count(i.item_id) as count_items,
from labels as l
left join items as i on i.bucket = l.bucket
group by l.bucket, l.bucket_order
order by l.bucket_order
