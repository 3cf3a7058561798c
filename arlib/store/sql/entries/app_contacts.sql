-- one row per contact entered in the app (id APP-…), canonical columns, oldest first, with
-- the load that recorded it and who entered it (the load's source); of the customers
-- owned today by $reps (the viewer's rep scope; null: every customer)
select
    c.contact_id, c.customer_id, c.rep_id, c.contact_at, c.channel, c.direction, c.outcome,
    c.person, c.note,
    l.loaded_at as recorded_at,
    l.source as recorded_by,
from raw_contacts as c
left join loads as l on l.load_id = c._load_id
where c.contact_id like 'APP-%'
    and in_scope(c.customer_id, null, null, $reps)  -- the viewer's customers
order by c.contact_at, c.contact_id
