-- one row per open item of one customer as of $as_of (oldest due first): balance in the
-- document currency and in base currency, days past due and whether it is past due (by
-- due date, whatever the aging basis), bucket, dispute flag
select
    item_id,
    item_type,
    invoice_on,
    due_on,
    currency,
    open_amt as open_currency_amt,
    open_base_amt as open_amt,
    days_past_due,
    is_past_due,
    bucket,
    is_disputed,
from open_items(
    [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
)
where customer_id = $customer_id
order by due_on, item_id
