-- one row: the customer's master data and owner rep (no row for an unknown id)
select
    c.customer_id,
    c.name as customer_name,
    c.rep_id,
    r.name as rep_name,
    c.region,
    c.city,
    c.country,
    c.currency,
    c.terms_days,
    c.credit_limit as credit_limit_amt,
    c.customer_since as customer_since_on,
    c.billing_method,
    c.account_type,
from stg_customers as c
left join stg_reps as r on r.rep_id = c.rep_id
where c.customer_id = $customer_id
