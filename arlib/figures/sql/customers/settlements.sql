-- one row per settlement row of the customer paid on or before $as_of, newest first: cash or
-- not, the invoice it settles and how many days after its due date it came
select
    s.paid_on,
    s.payment_id,
    s.invoice_id,
    s.method,
    s.is_cash,
    s.amount as paid_currency_amt,
    s.currency,
    s.amount_base as paid_amt,
    s.paid_on - s.applied_due_on as late_days,
    s.reference,
from settlements_base(date '0001-01-01', $as_of, $base_currency) as s
where s.customer_id = $customer_id
order by s.paid_on desc, s.payment_id, s.invoice_id
