-- one row per currency that some row needs a rate of and has none: a document (invoice_on),
-- a payment row (paid_on) or a promise (made_on) in a currency other than $base_currency,
-- dated on or before $as_of (every date when null), of customer $customer_id (every customer
-- when null) and of the customers owned today by $reps (the viewer's rep scope; null: every
-- customer), with no rate of its currency on or before its date. first_on is the first date
-- with no rate; first_rate_on the currency's first rate (null: it has none).
-- These are the dates the figures convert at under both FX policies: flows (sales, cash,
-- promises) at their own date; open balances at their own date, or under 'as_of' at the
-- as-of date, which needs no rate that the item's own, earlier date did not already need.
with first_rates as (
    select currency, min(rate_on) as first_rate_on
    from stg_fx_rates
    group by currency
),
dated as (
    select 'document' as kind, customer_id, currency, invoice_on as needed_on
    from stg_invoices
    union all
    select 'payment', customer_id, currency, paid_on
    from stg_payments
    union all
    select 'promise', customer_id, currency, made_on
    from stg_promises
),
missing as (
    select d.kind, d.currency, d.needed_on, f.first_rate_on
    from dated as d
    left join first_rates as f on f.currency = d.currency
    where coalesce(d.currency, $base_currency) <> $base_currency
        and ($as_of is null or d.needed_on <= $as_of)
        and ($customer_id is null or d.customer_id = $customer_id)
        and in_scope(d.customer_id, null, null, $reps)
        and (f.first_rate_on is null or d.needed_on < f.first_rate_on)
)
select
    currency,
    min(needed_on) as first_on,
    any_value(first_rate_on) as first_rate_on,
    count(*) filter (where kind = 'document') as count_documents,
    count(*) filter (where kind = 'payment') as count_payments,
    count(*) filter (where kind = 'promise') as count_promises,
    count(*) as count_items,
from missing
group by currency
order by currency
