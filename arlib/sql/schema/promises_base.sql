-- table macro, one row per promise made on or before last_on: its amount in base currency
-- at the rate of its made_on
create or replace macro promises_base(last_on, base_currency) as table
with made as (
    select
        p.*,
        coalesce(p.currency, base_currency) as promise_currency,
    from stg_promises as p
    where p.made_on <= last_on
),
rated as (
    select
        p.* exclude (currency, promise_currency),
        p.promise_currency as currency,
        base_rate(p.promise_currency, p.made_on, base_currency, f.rate_to_base) as fx_rate,
    from made as p
    asof left join stg_fx_rates as f
        on f.currency = p.promise_currency and p.made_on >= f.rate_on
)
select
    *,
    round(amount * fx_rate, 2) as amount_base,
from rated
