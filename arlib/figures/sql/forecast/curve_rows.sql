-- one row per customer (every customer, whatever the scope), movement and day: the money of
-- its invoices dated in [$first_on, $as_of] that entered (kind 0, on invoice_on), was paid in
-- cash (1), settled otherwise (2: credit note, write-off...) or was still open on $as_of (3)
-- on that day; `day` is days after the due date (negative before it), clipped to
-- [$first_day, $last_day], cash after $last_day counted as kind 2 there; money in base
-- currency at the invoice's rate, as double; `count_rows` (for kind 0: the invoices). The
-- rows of the payment-timing curves (metrics.md §10.4). Settlements meet their invoice by its
-- number (`applied_doc_no`), each invoice's rate and customer carried with its moves, and the
-- sums are made before the region is looked up
with docs as (
    select
        d.doc_no,
        d.customer_id,
        d.invoice_on,
        d.due_on,
        d.amount,
        base_rate(
            coalesce(d.currency, $base_currency), d.invoice_on, $base_currency, d.found_rate
        ) as rate,
    from fact_documents as d
    where d.doc_type = 'invoice'
        and d.invoice_on between $first_on and $as_of
),
moves as (
    select
        s.applied_doc_no as doc_no,
        d.customer_id,
        d.rate,
        greatest(s.paid_on, d.invoice_on) - d.due_on as day,
        s.is_cash,
        s.amount,
    from fact_settlements as s
    join docs as d on d.doc_no = s.applied_doc_no
    where s.paid_on <= $as_of
        and s.applied_doc_type = 'invoice'
        and s.applied_invoice_on between $first_on and $as_of
),
paid as (
    select doc_no, sum(amount) as amount from moves group by doc_no
),
moved as (
    select customer_id, 0 as kind_code, invoice_on - due_on as day, amount * rate as amount_base
    from docs
    union all
    select
        customer_id,
        case when is_cash and day <= $last_day then 1 else 2 end,
        day,
        amount * rate,
    from moves
    union all
    select d.customer_id, 3, $as_of - d.due_on, (d.amount - coalesce(p.amount, 0)) * d.rate
    from docs as d
    left join paid as p on p.doc_no = d.doc_no
    where d.amount - coalesce(p.amount, 0) > 0
),
summed as (
    select
        customer_id,
        kind_code,
        least(greatest(day, $first_day), $last_day) as day,
        cast(sum(amount_base) as double) as amount_base,
        count(*) as count_rows,
    from moved
    group by all
)
select m.customer_id, c.region, m.kind_code, m.day, m.amount_base, m.count_rows,
from summed as m
left join stg_customers as c on c.customer_id = m.customer_id
order by m.customer_id, m.kind_code, m.day
