-- one row per payment row (stg_payments): the FX rate found for its currency on its
-- paid_on, its amount at that rate, the document it settles (number, date, due date, type),
-- and its rank in the order promises take cash (customer, paid_on, payment_id, invoice_id
-- with unapplied last); stored in that order, so that one customer's rows are a few blocks
-- (the customer page). Nothing here depends on promises: a promise entered in the app
-- rebuilds neither this table nor fact_items (arlib.store.facts.INPUTS)
with ranked as (
    select
        p.*,
        f.rate_to_base as found_rate,
        round(p.amount * f.rate_to_base, 2) as amount_fx,
        d.doc_no as applied_doc_no,
        d.invoice_on as applied_invoice_on,
        d.due_on as applied_due_on,
        d.doc_type as applied_doc_type,
        row_number() over (
            order by p.customer_id, p.paid_on, p.payment_id, p.invoice_id nulls last
        ) as cash_rank,
    from stg_payments as p
    asof left join stg_fx_rates as f
        on f.currency = p.currency and p.paid_on >= f.rate_on
    left join fact_documents as d on d.invoice_id = p.invoice_id
)
select *
from ranked
order by cash_rank
