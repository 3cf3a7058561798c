-- one row: the scan floor of contacts (every timestamp read once)
select count(contact_at) as total from raw_contacts
