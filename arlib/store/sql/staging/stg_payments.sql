-- one row per application of a payment (empty invoice_id = unapplied cash)
create or replace view stg_payments as
select
    p.payment_id,
    p.customer_id,
    p.invoice_id,
    p.paid_on,
    p.amount,
    coalesce(p.currency, c.currency) as currency,
    p.method,
    p.reference,
    -- metrics.md §0: credit notes, write-offs and discounts reduce balances but are not cash;
    -- nor is a settlement an export shows without its date (docs/rules.md, before_snapshot)
    coalesce(p.method, '') not in ('credit_note', 'write_off', 'discount', 'before_snapshot')
        as is_cash,
    p._load_id as load_id,
from raw_payments as p
left join raw_customers as c on c.customer_id = p.customer_id
