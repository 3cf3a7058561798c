-- one row per point of contact at the customer; stale when never verified or verified more
-- than $stale_days days before $as_of
select
    name,
    role,
    email,
    phone,
    is_primary,
    verified_on,
    verified_on is null or verified_on < cast($as_of as date) - cast($stale_days as integer)
        as is_stale,
from stg_people
where customer_id = $customer_id
order by is_primary desc, name
