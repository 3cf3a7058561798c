-- one row per customer (every customer, not only the scope: a customer's forecast never
-- depends on the filters) with cash applied to invoices paid in [$first_on, $as_of]: its
-- region, the invoices that cash paid (count), the cash (base at paid_on) and the
-- cash-weighted mean of days paid after the due date (negative when early); money as double
with cash as (
    select
        s.customer_id,
        s.invoice_id,
        s.amount_base,
        s.paid_on - s.applied_due_on as late_days,
    from settlements_base($first_on, $as_of, $base_currency) as s
    where s.is_cash
        and s.applied_doc_type = 'invoice'
        and s.applied_invoice_on <= $as_of
)
select
    k.customer_id,
    c.region,
    count(distinct k.invoice_id) as count_invoices,
    cast(sum(k.amount_base) as double) as cash_amt,
    cast(sum(k.amount_base * k.late_days) / sum(k.amount_base) as double) as late_days,
from cash as k
left join stg_customers as c on c.customer_id = k.customer_id
group by k.customer_id, c.region
having sum(k.amount_base) > 0
order by k.customer_id
