-- one row per promise entered in the app (id APP-…), canonical columns (amount as text, as
-- written), oldest first, with the load that recorded it and who entered it
select
    p.promise_id, p.customer_id, p.rep_id, p.invoice_id, p.made_on, p.due_on,
    cast(p.amount as varchar) as amount, p.currency, p.note,
    l.loaded_at as recorded_at,
    l.source as recorded_by,
from raw_promises as p
left join loads as l on l.load_id = p._load_id
where p.promise_id like 'APP-%'
    and in_scope(p.customer_id, null, null, $reps)  -- the viewer's customers
order by p.made_on, p.promise_id
