-- one row per free-text note on a customer (shown as plain text only)
create or replace view stg_notes as
select
    note_id,
    customer_id,
    author,
    created_at,
    text,
    _load_id as load_id,
from raw_notes
