-- one row per customer in scope to introduce oneself to on $as_of: new (customer_since within
-- $new_days days up to $as_of) with a positive credit limit and no contact by $as_of; or
-- handed over (contacts by $as_of from other reps, none from its owner today)
with contacted as (
    select
        customer_id,
        count(*) filter (where rep_id = owner) as count_by_owner,
        count(*) as count_contacts,
        arg_max(rep_id, contact_at) filter (where rep_id <> owner) as last_other_rep,
        max(contact_on) filter (where rep_id <> owner) as last_other_on,
    from (
        select k.*, c.rep_id as owner
        from stg_contacts as k
        join stg_customers as c on c.customer_id = k.customer_id
        where k.contact_on <= $as_of
    )
    group by customer_id
)
select
    c.customer_id,
    case
        when coalesce(k.count_contacts, 0) = 0 then 'new'
        else 'hand-over'
    end as kind,
    c.rep_id,
    r.name as rep_name,
    c.customer_since,
    cast(c.credit_limit as double) as credit_limit_amt,
    c.terms_days,
    k.last_other_rep,
    o.name as last_other_name,
    k.last_other_on,
from stg_customers as c
left join contacted as k on k.customer_id = c.customer_id
left join stg_reps as r on r.rep_id = c.rep_id
left join stg_reps as o on o.rep_id = k.last_other_rep
where in_scope(c.customer_id, $scope_rep, $scope_region, $scope_reps)
    and (
        (coalesce(k.count_contacts, 0) = 0
            and c.customer_since <= $as_of
            and cast($as_of as date) - c.customer_since <= cast($new_days as integer)
            and c.credit_limit > 0)
        or (c.rep_id is not null and k.count_contacts > 0 and k.count_by_owner = 0)
    )
order by c.customer_id
