-- one row per contact (stg_contacts), stored by customer and time: one customer's contacts
-- are a few blocks (the customer page), the latest contact per customer a single pass
select *
from stg_contacts
order by customer_id, contact_at, contact_id
