-- the changes of owner rep the customers of this file make, before they replace the stored
-- rows: dated the day of the load (the day the store learned of them)
insert into owner_changes (customer_id, from_rep_id, to_rep_id, load_id, changed_on)
select o.customer_id, r.rep_id, o.rep_id, $load_id, current_date
from classified_rows as o
join raw_customers as r on r.customer_id = o.customer_id
where o._action = 'updated'
    and r.rep_id is distinct from o.rep_id
