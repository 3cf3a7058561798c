-- table macro, one row per payment row (settlement) with paid_on in [first_on, last_on]:
-- its amount converted to base currency at the rate of its own paid_on, with the due date
-- and type of the document it settles (null for unapplied cash)
create or replace macro settlements_base(first_on, last_on, base_currency) as table
select
    p.* exclude (currency, found_rate, amount_fx),
    coalesce(p.currency, base_currency) as currency,
    base_amount(
        p.amount, p.amount_fx, coalesce(p.currency, base_currency), p.paid_on,
        base_currency, p.found_rate
    ) as amount_base,
from fact_settlements as p
where p.paid_on between first_on and last_on
