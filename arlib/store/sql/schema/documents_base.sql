-- table macro, one row per document (invoice or credit note) dated in [first_on, last_on]:
-- its amount converted to base currency at the rate of its own invoice_on
create or replace macro documents_base(first_on, last_on, base_currency) as table
select
    d.* exclude (currency, found_rate, amount_fx),
    coalesce(d.currency, base_currency) as currency,
    base_amount(
        d.amount, d.amount_fx, coalesce(d.currency, base_currency), d.invoice_on,
        base_currency, d.found_rate
    ) as amount_base,
from fact_documents as d
where d.invoice_on between first_on and last_on
