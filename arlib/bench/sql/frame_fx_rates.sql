-- one row per currency and date: the rate to base
select currency, rate_on, rate_to_base
from stg_fx_rates
