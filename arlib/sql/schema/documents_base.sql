-- table macro, one row per document (invoice or credit note) dated in [first_on, last_on]:
-- its amount converted to base currency at the rate of its own invoice_on
create or replace macro documents_base(first_on, last_on, base_currency) as table
with docs as (
    select
        d.*,
        coalesce(d.currency, base_currency) as doc_currency,
    from stg_invoices as d
    where d.invoice_on between first_on and last_on
)
select
    d.* exclude (currency, doc_currency),
    d.doc_currency as currency,
    round(d.amount * base_rate(d.doc_currency, d.invoice_on, base_currency, f.rate_to_base), 2)
        as amount_base,
from docs as d
asof left join stg_fx_rates as f
    on f.currency = d.doc_currency and d.invoice_on >= f.rate_on
