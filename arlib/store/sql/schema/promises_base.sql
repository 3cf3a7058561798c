-- table macro, one row per promise made on or before last_on: its amount in base currency
-- at the rate of its made_on
create or replace macro promises_base(last_on, base_currency) as table
select
    p.* exclude (currency, found_rate, amount_fx, customer_name, next_made_on, book_rank),
    coalesce(p.currency, base_currency) as currency,
    base_rate(coalesce(p.currency, base_currency), p.made_on, base_currency, p.found_rate)
        as fx_rate,
    base_amount(
        p.amount, p.amount_fx, coalesce(p.currency, base_currency), p.made_on, base_currency,
        p.found_rate
    ) as amount_base,
from fact_promises as p
where p.made_on <= last_on
