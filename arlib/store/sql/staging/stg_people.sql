-- one row per point of contact at a customer
create or replace view stg_people as
select
    customer_id,
    name,
    role,
    email,
    phone,
    coalesce(is_primary, false) as is_primary,
    verified_on,
    _load_id as load_id,
from raw_people
