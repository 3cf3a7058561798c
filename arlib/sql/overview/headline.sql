-- one row: the CFO's headline figures as of $as_of, in base currency
with items as (
    select *
    from open_items($as_of, $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels)
),
promises as (
    -- open = made by the date, deadline (due + grace) not passed, not superseded by a newer one
    select p.promise_id, p.amount, coalesce(p.currency, $base_currency) as currency, p.made_on
    from stg_promises as p
    where p.made_on <= $as_of
        and p.due_on + cast($grace_days as integer) >= $as_of
        and not exists (
            select 1
            from stg_promises as n
            where n.customer_id = p.customer_id
                and n.invoice_id is not distinct from p.invoice_id
                and n.made_on > p.made_on
                and n.made_on <= p.due_on
                and n.made_on <= $as_of
        )
),
promises_base as (
    select
        p.promise_id,
        round(p.amount * case
            when p.currency = $base_currency then 1
            when f.rate_to_base is null then error(
                'missing FX rate: no ' || p.currency || ' rate on or before ' || p.made_on
            )
            else f.rate_to_base
        end, 2) as amount_base,
    from promises as p
    asof left join stg_fx_rates as f on f.currency = p.currency and p.made_on >= f.rate_on
)
select
    coalesce(sum(open_base_amt), 0) as open_ar_amt,
    coalesce(sum(open_base_amt) filter (where bucket not in ('current', 'unapplied')), 0)
        as past_due_amt,
    coalesce(sum(open_base_amt) filter (where bucket = 'unapplied'), 0) as unapplied_amt,
    coalesce(sum(open_base_amt) filter (where is_disputed), 0) as disputed_amt,
    count(distinct customer_id) filter (where open_amt > 0) as count_customers_open,
    (select count(*) from promises_base) as count_open_promises,
    (select coalesce(sum(amount_base), 0) from promises_base) as open_promises_amt,
from items
