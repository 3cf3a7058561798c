-- one row per note entered in the app (id APP-…), canonical columns, oldest first, with the
-- load that recorded it
select
    n.note_id, n.customer_id, n.author, n.created_at, n.text,
    l.loaded_at as recorded_at,
    l.source as recorded_by,
from raw_notes as n
left join loads as l on l.load_id = n._load_id
where n.note_id like 'APP-%'
    and in_scope(n.customer_id, null, null, $reps)  -- the viewer's customers
order by n.created_at, n.note_id
