-- one row per promise of the whole book, in allocation order, with what the stored
-- allocation needs (no base-currency amounts: a missing FX rate is an error only for the
-- figures that use one)
select
    book_rank,
    promise_id,
    customer_id,
    rep_id,
    invoice_id,
    made_on,
    due_on,
    cast(amount as double) as amount,
    coalesce(currency, $base_currency) as currency,
    coalesce(next_made_on <= due_on, false) as is_superseded,
from fact_promises
order by book_rank
