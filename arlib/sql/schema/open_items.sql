-- table macro, one row per open item as of as_of: each document with a non-zero open balance,
-- and each unapplied cash row (negative); amounts in the item's currency and in base currency
create or replace macro open_items(
    as_of, base_currency, fx_policy, aging_basis, bucket_edges, bucket_labels
) as table
with applied as (
    -- settlements reduce the invoice they are applied to ...
    select invoice_id as doc_id, sum(amount) as settled_amt
    from stg_payments
    where paid_on <= as_of and invoice_id is not null
    group by invoice_id
    union all
    -- ... and a credit-note application also reduces the credit note it names (towards zero)
    select reference as doc_id, -sum(amount) as settled_amt
    from stg_payments
    where paid_on <= as_of and method = 'credit_note' and reference is not null
    group by reference
),
settled as (
    select doc_id, sum(settled_amt) as settled_amt
    from applied
    group by doc_id
),
documents as (
    select
        d.invoice_id as item_id,
        d.customer_id,
        d.doc_type as item_type,
        d.invoice_on,
        d.due_on,
        coalesce(d.currency, base_currency) as currency,
        d.amount - coalesce(a.settled_amt, 0) as open_amt,
    from stg_invoices as d
    left join settled as a on a.doc_id = d.invoice_id
    where d.invoice_on <= as_of
),
unapplied_cash as (
    select
        p.payment_id as item_id,
        p.customer_id,
        'unapplied_cash' as item_type,
        p.paid_on as invoice_on,
        p.paid_on as due_on,
        coalesce(p.currency, base_currency) as currency,
        -p.amount as open_amt,
    from stg_payments as p
    where p.paid_on <= as_of and p.invoice_id is null
),
items as (
    select * from documents where open_amt <> 0
    union all
    select * from unapplied_cash
),
rated as (
    select
        i.*,
        case when fx_policy = 'as_of' then as_of else i.invoice_on end as rate_on,
        as_of - case when aging_basis = 'invoice' then i.invoice_on else i.due_on end as age_days,
    from items as i
),
converted as (
    select
        r.*,
        case
            when r.currency = base_currency then 1
            when f.rate_to_base is null then error(
                'missing FX rate: no ' || r.currency || ' rate on or before ' || r.rate_on
            )
            else f.rate_to_base
        end as fx_rate,
    from rated as r
    asof left join stg_fx_rates as f
        on f.currency = r.currency and r.rate_on >= f.rate_on
),
disputed as (
    select distinct invoice_id
    from stg_disputes
    where invoice_id is not null
        and opened_on <= as_of
        and (resolved_on is null or resolved_on > as_of)
)
select
    c.item_id,
    c.customer_id,
    c.item_type,
    c.invoice_on,
    c.due_on,
    c.currency,
    c.open_amt,
    c.fx_rate,
    round(c.open_amt * c.fx_rate, 2) as open_base_amt,
    as_of - c.due_on as days_past_due,
    c.age_days,
    case
        when c.open_amt < 0 then 'unapplied'
        else bucket_labels[1 + len(list_filter(bucket_edges, lambda e: c.age_days > e))]
    end as bucket,
    c.item_id in (select invoice_id from disputed) and c.open_amt > 0 as is_disputed,
from converted as c
