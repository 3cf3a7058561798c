-- one row per customer (every customer, not only the scope: a customer's forecast never
-- depends on the filters) with cash applied to invoices paid in [$first_on, $as_of]: its
-- region, the invoices that cash paid (count), the cash (base at paid_on) and the
-- cash-weighted mean of days paid after the due date (negative when early); money as double;
-- invoices counted by number, the region looked up after the sums
with cash as (
    select
        s.customer_id,
        s.applied_doc_no,
        s.amount_base,
        s.paid_on - s.applied_due_on as late_days,
    from settlements_base($first_on, $as_of, $base_currency) as s
    where s.is_cash
        and s.applied_doc_type = 'invoice'
        and s.applied_invoice_on <= $as_of
),
summed as (
    select
        customer_id,
        count(distinct applied_doc_no) as count_invoices,
        cast(sum(amount_base) as double) as cash_amt,
        cast(sum(amount_base * late_days) / sum(amount_base) as double) as late_days,
    from cash
    group by customer_id
    having sum(amount_base) > 0
)
select k.customer_id, c.region, k.count_invoices, k.cash_amt, k.late_days,
from summed as k
left join stg_customers as c on c.customer_id = k.customer_id
order by k.customer_id
