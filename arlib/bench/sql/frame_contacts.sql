-- one row per contact, the columns the pandas reference needs
select contact_id, customer_id, rep_id, contact_at, contact_on, outcome
from stg_contacts
