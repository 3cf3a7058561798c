-- one row per open invoice that fell due 1 to $days days before $as_of (base currency)
select
    i.customer_id,
    i.item_id as invoice_id,
    i.due_on,
    i.days_past_due,
    i.open_base_amt as open_amt,
from open_items(
    [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
) as i
where i.item_type = 'invoice'
    and i.open_amt > 0
    and i.days_past_due between 1 and cast($days as integer)
    and in_scope(i.customer_id, $scope_rep, $scope_region, $scope_reps)
order by i.customer_id, i.due_on, i.item_id
