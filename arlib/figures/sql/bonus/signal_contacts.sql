-- one row per contact with a rep dated in the quarter [$first_on, $last_on], with the gaming
-- signals it raises: no outcome, dated in the quarter's last $burst_days days, on a customer
-- with nothing past due on the contact's day (no positive open balance due before that day)
with contacts as (
    select contact_id, rep_id, customer_id, contact_at, contact_on, channel, outcome
    from stg_contacts
    where contact_on between $first_on and $last_on and rep_id is not null
),
with_past_due as (
    select distinct c.contact_id
    from contacts as c
    join fact_items as i
        on i.customer_id = c.customer_id
        and i.from_on <= c.contact_on and c.contact_on < i.to_on
        and i.open_amt > 0 and i.due_on < c.contact_on
)
select
    c.contact_id,
    c.rep_id,
    c.customer_id,
    c.contact_at,
    c.channel,
    c.outcome,
    coalesce(trim(c.outcome), '') = '' as is_no_outcome,
    c.contact_on > cast($last_on as date) - cast($burst_days as integer) as is_last_days,
    c.contact_id not in (select contact_id from with_past_due) as is_nothing_past_due,
from contacts as c
order by c.rep_id, c.contact_at, c.contact_id
