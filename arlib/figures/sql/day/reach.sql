-- one row per customer in scope: its primary point of contact (else the first by name) with
-- phone and email; the hour of day most reached calls started in the $days days up to
-- $as_of (ties: the earliest hour); its latest contact by $as_of with outcome and day;
-- whether it is a commercial account
with people as (
    select
        customer_id,
        arg_min(name, (not coalesce(is_primary, false), name)) as person,
        arg_min(phone, (not coalesce(is_primary, false), name)) as phone,
        arg_min(email, (not coalesce(is_primary, false), name)) as email,
    from stg_people
    group by customer_id
),
hours as (
    select customer_id, hour(contact_at) as call_hour, count(*) as count_calls,
    from stg_contacts
    where channel = 'call'
        and outcome not in ('no_answer', 'left_message', 'bounced', 'wrong_number')
        and contact_on <= $as_of
        and contact_on > cast($as_of as date) - cast($days as integer)
    group by all
),
best as (
    select customer_id, arg_min(call_hour, (-count_calls, call_hour)) as best_hour,
    from hours
    group by customer_id
),
latest as (
    select
        customer_id,
        arg_max(outcome, (contact_at, contact_id)) as last_outcome,
        arg_max(contact_on, (contact_at, contact_id)) as last_contact_on,
    from stg_contacts
    where contact_on <= $as_of
    group by customer_id
)
select
    c.customer_id,
    c.name as customer_name,
    c.rep_id,
    -- the account type when the data has one, else credit extended (metrics.md §12.1)
    coalesce(c.account_type = 'commercial', c.credit_limit > 0, false) as is_commercial,
    c.terms_days,
    p.person,
    p.phone,
    p.email,
    b.best_hour,
    l.last_outcome,
    l.last_contact_on,
from stg_customers as c
left join people as p on p.customer_id = c.customer_id
left join best as b on b.customer_id = c.customer_id
left join latest as l on l.customer_id = c.customer_id
where in_scope(c.customer_id, $scope_rep, $scope_region, $scope_reps)
order by c.customer_id
