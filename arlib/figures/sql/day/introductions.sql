-- one row per customer in scope to introduce oneself to on $as_of: new (customer_since within
-- $new_days days up to $as_of) with a positive credit limit and no contact by $as_of; or
-- handed over: its owner today took it over in a change a load recorded by $as_of
-- (owner_changes) and has not contacted it since; or, for accounts with no such record,
-- contacts by $as_of from other reps and none from its owner today
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
),
latest_change as (
    -- each customer's latest recorded change of owner known by $as_of
    select
        customer_id,
        arg_max(from_rep_id, load_id) as from_rep_id,
        arg_max(to_rep_id, load_id) as to_rep_id,
        arg_max(changed_on, load_id) as handed_on,
    from owner_changes
    where changed_on <= $as_of
    group by customer_id
),
handed as (
    -- those that made the owner today the owner, with the owner's contacts since
    select
        h.customer_id,
        h.from_rep_id,
        h.handed_on,
        count(k.contact_id) as count_since,
    from latest_change as h
    join stg_customers as c on c.customer_id = h.customer_id and c.rep_id = h.to_rep_id
    left join stg_contacts as k
        on k.customer_id = h.customer_id
        and k.rep_id = c.rep_id
        and k.contact_on between h.handed_on and $as_of
    group by h.customer_id, h.from_rep_id, h.handed_on
)
select
    c.customer_id,
    case
        when h.customer_id is not null then 'hand-over'
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
    h.from_rep_id as handed_from_rep,
    f.name as handed_from_name,
    h.handed_on,
from stg_customers as c
left join contacted as k on k.customer_id = c.customer_id
left join handed as h on h.customer_id = c.customer_id and h.count_since = 0
left join stg_reps as r on r.rep_id = c.rep_id
left join stg_reps as o on o.rep_id = k.last_other_rep
left join stg_reps as f on f.rep_id = h.from_rep_id
where in_scope(c.customer_id, $scope_rep, $scope_region, $scope_reps)
    and (
        h.customer_id is not null
        or (coalesce(k.count_contacts, 0) = 0
            and c.customer_since <= $as_of
            and cast($as_of as date) - c.customer_since <= cast($new_days as integer)
            and c.credit_limit > 0)
        or (c.rep_id is not null and k.count_contacts > 0 and k.count_by_owner = 0
            and c.customer_id not in (select customer_id from latest_change))
    )
order by c.customer_id
