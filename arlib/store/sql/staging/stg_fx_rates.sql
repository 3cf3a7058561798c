-- one row per currency and date: base-currency units per 1 unit of the currency
create or replace view stg_fx_rates as
select
    currency,
    "on" as rate_on,
    rate_to_base,
    _load_id as load_id,
from raw_fx_rates
