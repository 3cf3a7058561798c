-- one row per contact (stg_contacts), stored by time, so that a period's contacts are read
-- from a few blocks
select *
from stg_contacts
order by contact_at, contact_id
