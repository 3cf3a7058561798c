-- one row per promise to pay; its status is computed, never imported
create or replace view stg_promises as
select
    p.promise_id,
    p.customer_id,
    p.rep_id,
    p.invoice_id,
    p.made_on,
    p.due_on,
    p.amount,
    coalesce(p.currency, c.currency) as currency,
    p.note,
    p._load_id as load_id,
from raw_promises as p
left join raw_customers as c on c.customer_id = p.customer_id
