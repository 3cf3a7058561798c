-- one row per customer (every customer, whatever the scope), movement and day: the money of
-- its invoices dated in [$first_on, $as_of] that entered (kind 0, on invoice_on), was paid in
-- cash (1), settled otherwise (2: credit note, write-off...) or was still open on $as_of (3)
-- on that day; `day` is days after the due date (negative before it), clipped to
-- [$first_day, $last_day], cash after $last_day counted as kind 2 there; money in base
-- currency at the invoice's rate, as double; `count_rows` (for kind 0: the invoices). The
-- rows of the payment-timing curves (metrics.md §10.4)
with docs as (
    select
        d.invoice_id,
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
        d.invoice_id,
        greatest(s.paid_on, d.invoice_on) - d.due_on as day,
        case when s.is_cash then 'cash' else 'other' end as kind,
        s.amount,
    from fact_settlements as s
    join docs as d on d.invoice_id = s.invoice_id
    where s.paid_on <= $as_of
),
open_now as (
    select d.invoice_id, d.amount - coalesce(sum(m.amount), 0) as amount
    from docs as d
    left join moves as m on m.invoice_id = d.invoice_id
    group by d.invoice_id, d.amount
),
moved as (
    select
        d.customer_id,
        case r.kind
            when 'entry' then d.invoice_on - d.due_on
            when 'open' then $as_of - d.due_on
            else r.day
        end as day,
        r.kind,
        r.amount * d.rate as amount_base,
    from (
        select invoice_id, 'entry' as kind, null::integer as day, amount from docs
        union all
        select invoice_id, kind, day, amount from moves
        union all
        select invoice_id, 'open', null::integer, amount from open_now where amount > 0
    ) as r
    join docs as d on d.invoice_id = r.invoice_id
)
select
    m.customer_id,
    c.region,
    case
        when m.kind = 'entry' then 0
        when m.kind = 'cash' and m.day <= $last_day then 1
        when m.kind = 'open' then 3
        else 2
    end as kind_code,
    least(greatest(m.day, $first_day), $last_day) as day,
    cast(sum(m.amount_base) as double) as amount_base,
    count(*) as count_rows,
from moved as m
left join stg_customers as c on c.customer_id = m.customer_id
group by all
order by m.customer_id, kind_code, day
