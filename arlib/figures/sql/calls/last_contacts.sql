-- one row per customer contacted on or before $as_of: the day of the latest contact
select
    customer_id,
    max(contact_on) as last_contact_on,
from fact_contacts
where contact_on <= $as_of
group by customer_id
order by customer_id  -- a stable order: the same list every run
