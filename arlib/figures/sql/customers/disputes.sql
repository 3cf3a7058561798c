-- one row per dispute of the customer open on $as_of (opened by then, not yet resolved),
-- oldest first, with its age in days and amount in its currency
select
    dispute_id,
    invoice_id,
    opened_on,
    cast($as_of as date) - opened_on as age_days,
    reason,
    owner,
    amount as disputed_currency_amt,
    currency,
    note,
from stg_disputes
where customer_id = $customer_id
    and opened_on <= $as_of
    and (resolved_on is null or resolved_on > $as_of)
order by opened_on, dispute_id
