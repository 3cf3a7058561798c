-- one row per customer
create or replace view stg_customers as
select
    customer_id,
    name,
    rep_id,
    region,
    city,
    country,
    currency,
    terms_days,
    credit_limit,
    customer_since,
    billing_method,
    account_type,
    _load_id as load_id,
from raw_customers
