-- table macro, one row per open item and as-of date in as_of_dates: each document with a
-- non-zero open balance, and each unapplied cash row (negative); amounts in the item's
-- currency and in base currency (rate of the item's own date, or of the as-of date).
-- The one definition of past due and current (docs/metrics.md §1): a positive open balance
-- is past due when the as-of date is after its due date, whatever the aging basis (which
-- only places items in buckets); current when it is not past due. Negative balances
-- (unapplied cash, open credit notes) are neither: they are `unapplied`.
-- Balances and dispute flags come from fact_items, constant over spans of days, so a date
-- is a range lookup rather than a sum over every settlement up to it.
create or replace macro open_items(
    as_of_dates, base_currency, fx_policy, aging_basis, bucket_edges, bucket_labels
) as table
with dates as (
    select unnest(as_of_dates) as as_of
),
items as (
    select
        t.as_of,
        i.* exclude (currency, from_on, to_on),
        coalesce(i.currency, base_currency) as currency,
    from fact_items as i
    join dates as t on i.from_on <= t.as_of and t.as_of < i.to_on
),
as_of_rates as (
    -- fx_policy 'as_of': each currency's rate on each as-of date (a few rows)
    select t.as_of, c.currency, f.rate_to_base
    from dates as t
    cross join (select distinct currency from stg_fx_rates) as c
    asof left join stg_fx_rates as f
        on f.currency = c.currency and t.as_of >= f.rate_on
    where fx_policy = 'as_of'
),
rated as (
    select
        i.* exclude (found_rate),
        case when fx_policy = 'as_of' then i.as_of else i.invoice_on end as rate_on,
        case when fx_policy = 'as_of' then r.rate_to_base else i.found_rate end as found_rate,
        i.as_of - case when aging_basis = 'invoice' then i.invoice_on else i.due_on end
            as age_days,
    from items as i
    left join as_of_rates as r on r.as_of = i.as_of and r.currency = i.currency
),
converted as (
    select
        r.*,
        base_rate(r.currency, r.rate_on, base_currency, r.found_rate) as fx_rate,
    from rated as r
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
    case
        when fx_policy = 'as_of' then round(c.open_amt * c.fx_rate, 2)
        else base_amount(
            c.open_amt, c.open_fx, c.currency, c.rate_on, base_currency, c.found_rate
        )
    end as open_base_amt,
    c.as_of - c.due_on as days_past_due,
    coalesce(c.open_amt > 0 and c.as_of > c.due_on, false) as is_past_due,
    c.open_amt > 0 and not coalesce(c.as_of > c.due_on, false) as is_current,
    c.age_days,
    case
        when c.open_amt < 0 then 'unapplied'
        else bucket_labels[1 + len(list_filter(bucket_edges, lambda e: c.age_days > e))]
    end as bucket,
    c.is_disputed,
from converted as c
