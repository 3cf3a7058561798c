-- one row per document (stg_invoices), by date, with a number (doc_no) the other fact tables
-- refer to it by: the FX rate found for its currency on its own date and its amount at that
-- rate (base_amount() decides at query time which applies)
select
    d.*,
    f.rate_to_base as found_rate,
    round(d.amount * f.rate_to_base, 2) as amount_fx,
    -- numbered in a set order, so that two builds from the same data are the same
    row_number() over (order by d.invoice_on, d.invoice_id) as doc_no,
from stg_invoices as d
asof left join stg_fx_rates as f
    on f.currency = d.currency and d.invoice_on >= f.rate_on
order by doc_no
