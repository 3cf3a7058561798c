-- one row per note on the customer written on or before $as_of, newest first
select
    created_at,
    note_id,
    author,
    text,
from stg_notes
where customer_id = $customer_id and cast(created_at as date) <= $as_of
order by created_at desc, note_id desc
