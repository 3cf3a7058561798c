-- one row per dispute; open while resolved_on is empty
create or replace view stg_disputes as
select
    d.dispute_id,
    d.customer_id,
    d.invoice_id,
    d.opened_on,
    d.resolved_on,
    d.amount,
    coalesce(d.currency, c.currency) as currency,
    d.reason,
    d.owner,
    d.resolution,
    d.note,
    d._load_id as load_id,
from raw_disputes as d
left join raw_customers as c on c.customer_id = d.customer_id
