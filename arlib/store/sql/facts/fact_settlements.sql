-- one row per payment row (stg_payments): the FX rate found for its currency on its
-- paid_on, its amount at that rate, the document it settles (number, date, due date, type),
-- the latest deadline (due_on) among the customer's promises made on or before paid_on (a
-- row paid after that deadline plus the grace days can keep no promise), and its rank in the
-- order promises take cash (customer, paid_on, payment_id, invoice_id with unapplied last);
-- stored in that order, so that one customer's rows are a few blocks (the customer page)
with cover as (
    select
        customer_id,
        made_on,
        max(due_on) over (
            partition by customer_id order by made_on
            range between unbounded preceding and current row
        ) as promise_due_on,
    from stg_promises
),
ranked as (
    select
        p.*,
        f.rate_to_base as found_rate,
        round(p.amount * f.rate_to_base, 2) as amount_fx,
        d.doc_no as applied_doc_no,
        d.invoice_on as applied_invoice_on,
        d.due_on as applied_due_on,
        d.doc_type as applied_doc_type,
        w.promise_due_on,
        row_number() over (
            order by p.customer_id, p.paid_on, p.payment_id, p.invoice_id nulls last
        ) as cash_rank,
    from stg_payments as p
    asof left join stg_fx_rates as f
        on f.currency = p.currency and p.paid_on >= f.rate_on
    left join fact_documents as d on d.invoice_id = p.invoice_id
    asof left join cover as w
        on w.customer_id = p.customer_id and p.paid_on >= w.made_on
)
select *
from ranked
order by cash_rank
