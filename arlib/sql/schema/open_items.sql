-- table macro, one row per open item and as-of date in as_of_dates: each document with a
-- non-zero open balance, and each unapplied cash row (negative); amounts in the item's
-- currency and in base currency (rate of the item's own date, or of the as-of date)
create or replace macro open_items(
    as_of_dates, base_currency, fx_policy, aging_basis, bucket_edges, bucket_labels
) as table
with dates as (
    select unnest(as_of_dates) as as_of
),
settle_events as (
    -- a settlement reduces the invoice it is applied to ...
    select invoice_id as doc_id, paid_on, amount
    from stg_payments
    where invoice_id is not null
    union all
    -- ... and a credit-note application also reduces the credit note it names (towards zero)
    select reference as doc_id, paid_on, -amount
    from stg_payments
    where method = 'credit_note' and reference is not null
),
settled as (
    select t.as_of, s.doc_id, sum(s.amount) as settled_amt
    from settle_events as s
    join dates as t on s.paid_on <= t.as_of
    group by t.as_of, s.doc_id
),
documents as (
    select
        t.as_of,
        d.invoice_id as item_id,
        d.customer_id,
        d.doc_type as item_type,
        d.invoice_on,
        d.due_on,
        coalesce(d.currency, base_currency) as currency,
        d.amount - coalesce(s.settled_amt, 0) as open_amt,
    from stg_invoices as d
    join dates as t on d.invoice_on <= t.as_of
    left join settled as s on s.doc_id = d.invoice_id and s.as_of = t.as_of
),
unapplied_cash as (
    select
        t.as_of,
        p.payment_id as item_id,
        p.customer_id,
        'unapplied_cash' as item_type,
        p.paid_on as invoice_on,
        p.paid_on as due_on,
        coalesce(p.currency, base_currency) as currency,
        -p.amount as open_amt,
    from stg_payments as p
    join dates as t on p.paid_on <= t.as_of
    where p.invoice_id is null
),
items as (
    select * from documents where open_amt <> 0
    union all
    select * from unapplied_cash
),
rated as (
    select
        i.*,
        case when fx_policy = 'as_of' then i.as_of else i.invoice_on end as rate_on,
        i.as_of - case when aging_basis = 'invoice' then i.invoice_on else i.due_on end
            as age_days,
    from items as i
),
converted as (
    select
        r.*,
        base_rate(r.currency, r.rate_on, base_currency, f.rate_to_base) as fx_rate,
    from rated as r
    asof left join stg_fx_rates as f
        on f.currency = r.currency and r.rate_on >= f.rate_on
),
disputed as (
    select distinct t.as_of, d.invoice_id
    from stg_disputes as d
    join dates as t
        on d.opened_on <= t.as_of and (d.resolved_on is null or d.resolved_on > t.as_of)
    where d.invoice_id is not null
)
select
    c.as_of,
    c.item_id,
    c.customer_id,
    c.item_type,
    c.invoice_on,
    c.due_on,
    c.currency,
    c.open_amt,
    c.fx_rate,
    round(c.open_amt * c.fx_rate, 2) as open_base_amt,
    c.as_of - c.due_on as days_past_due,
    c.age_days,
    case
        when c.open_amt < 0 then 'unapplied'
        else bucket_labels[1 + len(list_filter(bucket_edges, lambda e: c.age_days > e))]
    end as bucket,
    c.open_amt > 0 and x.invoice_id is not null as is_disputed,
from converted as c
left join disputed as x on x.invoice_id = c.item_id and x.as_of = c.as_of
