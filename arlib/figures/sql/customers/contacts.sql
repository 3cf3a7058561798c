-- one row per contact with the customer on or before $as_of, newest first
select
    c.contact_at,
    c.contact_id,
    c.rep_id,
    r.name as rep_name,
    c.channel,
    c.direction,
    c.outcome,
    c.person,
    c.note,
from fact_contacts as c
left join stg_reps as r on r.rep_id = c.rep_id
where c.customer_id = $customer_id and c.contact_on <= $as_of
order by c.contact_at desc, c.contact_id desc
