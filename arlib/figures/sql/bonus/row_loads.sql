-- one row per payment, contact, promise and customer: the load that last wrote it (the load
-- that brought a restated row)
select 'payments' as kind, payment_id as key, max(load_id) as load_id
from stg_payments
group by payment_id
union all
select 'contacts', contact_id, max(load_id)
from stg_contacts
group by contact_id
union all
select 'promises', promise_id, max(load_id)
from stg_promises
group by promise_id
union all
select 'customers', customer_id, max(load_id)
from stg_customers
group by customer_id
