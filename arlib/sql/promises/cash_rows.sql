-- one row per cash settlement row paid on or before $as_of by a customer who made a promise,
-- in allocation order (paid_on, payment_id, invoice_id; unapplied rows last)
select
    s.payment_id,
    s.invoice_id,
    s.customer_id,
    s.paid_on,
    s.amount,
    s.currency,
    s.amount_base,
from settlements_base($first_on, $as_of, $base_currency) as s
where s.is_cash
    and s.customer_id in (select customer_id from stg_promises where made_on <= $as_of)
order by s.customer_id, s.paid_on, s.payment_id, s.invoice_id nulls last
