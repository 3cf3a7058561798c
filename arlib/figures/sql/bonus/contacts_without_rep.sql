-- one row per contact dated in the quarter [$first_on, $last_on] whose rep is missing or not
-- a rep in the data (nobody's figures count it)
select c.contact_id, c.customer_id, c.rep_id, c.contact_on
from stg_contacts as c
where c.contact_on between $first_on and $last_on
    and (c.rep_id is null or c.rep_id not in (select rep_id from stg_reps))
order by c.contact_on, c.contact_id
