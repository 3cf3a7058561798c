-- one row per movement of the money of an invoice dated in [$first_on, $as_of] (every
-- customer, whatever the scope): its entry on invoice_on, each cash settlement and each
-- other settlement (credit note, write-off...) paid by $as_of, and what is still open on
-- $as_of; `day` is days after the due date (negative before it), money in base currency at
-- the invoice's rate, as double. The rows of the payment-timing curves (metrics.md §10.4)
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
)
select
    d.customer_id,
    c.region,
    d.invoice_id,
    r.kind,
    case r.kind
        when 'entry' then d.invoice_on - d.due_on
        when 'open' then $as_of - d.due_on
        else r.day
    end as day,
    cast(r.amount * d.rate as double) as amount_base,
from (
    select invoice_id, 'entry' as kind, null::integer as day, amount from docs
    union all
    select invoice_id, kind, day, amount from moves
    union all
    select invoice_id, 'open', null::integer, amount from open_now where amount > 0
) as r
join docs as d on d.invoice_id = r.invoice_id
left join stg_customers as c on c.customer_id = d.customer_id
order by d.customer_id, d.invoice_id, r.kind
