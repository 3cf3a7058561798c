-- one row per document (stg_invoices), by date: the FX rate found for its currency on its
-- own date and its amount at that rate (base_amount() decides at query time which applies)
select
    d.*,
    f.rate_to_base as found_rate,
    round(d.amount * f.rate_to_base, 2) as amount_fx,
from stg_invoices as d
asof left join stg_fx_rates as f
    on f.currency = d.currency and d.invoice_on >= f.rate_on
order by d.invoice_on, d.invoice_id
