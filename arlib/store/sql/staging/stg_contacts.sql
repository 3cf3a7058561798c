-- one row per contact with a customer (call, email, visit, ...)
create or replace view stg_contacts as
select
    contact_id,
    customer_id,
    rep_id,
    contact_at,
    cast(contact_at as date) as contact_on,
    channel,
    direction,
    outcome,
    person,
    note,
    _load_id as load_id,
from raw_contacts
