-- table macro, one row per payment row (settlement) with paid_on in [first_on, last_on]:
-- its amount converted to base currency at the rate of its own paid_on
create or replace macro settlements_base(first_on, last_on, base_currency) as table
with rows_in as (
    select
        p.*,
        coalesce(p.currency, base_currency) as pay_currency,
    from stg_payments as p
    where p.paid_on between first_on and last_on
)
select
    p.* exclude (currency, pay_currency),
    p.pay_currency as currency,
    round(p.amount * base_rate(p.pay_currency, p.paid_on, base_currency, f.rate_to_base), 2)
        as amount_base,
from rows_in as p
asof left join stg_fx_rates as f
    on f.currency = p.pay_currency and p.paid_on >= f.rate_on
