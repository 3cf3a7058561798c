-- one row per open item of one customer as of $as_of (oldest due first), in the item's own
-- currency only: no base-currency column is read, so the conversion (and a missing FX rate)
-- never runs: the customer page while a rate is missing
select
    item_id,
    item_type,
    invoice_on,
    due_on,
    currency,
    open_amt as open_currency_amt,
    days_past_due,
    bucket,
    is_disputed,
from open_items(
    [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
)
where customer_id = $customer_id
order by due_on, item_id
