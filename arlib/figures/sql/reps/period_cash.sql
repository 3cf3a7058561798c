-- one row per cash payment (all rows of a payment_id together) paid in [$first_on, $as_of]:
-- base amount at paid_on, the customer's owner today, and the latest contact of the customer
-- within $window_days before the payment (latest contact_at, then greatest contact_id)
with cash as (
    select
        payment_id,
        any_value(customer_id) as customer_id,
        min(paid_on) as paid_on,
        sum(amount_base) as amount_base,
    from settlements_base($first_on, $as_of, $base_currency)
    where is_cash and in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
    group by payment_id
),
near as (
    -- only contacts that can fall in the window of some payment of the period
    select contact_id, customer_id, rep_id, contact_at, contact_on
    from fact_contacts
    where contact_on between cast($first_on as date) - cast($window_days as integer)
        and cast($as_of as date)
),
latest_contact as (
    select
        p.payment_id,
        arg_max(
            struct_pack(contact_id := c.contact_id, rep_id := c.rep_id, at := c.contact_at),
            struct_pack(at := c.contact_at, id := c.contact_id)
        ) as contact,
    from cash as p
    join near as c
        on c.customer_id = p.customer_id
        and c.contact_on between p.paid_on - cast($window_days as integer) and p.paid_on
    group by p.payment_id
)
select
    p.payment_id,
    p.customer_id,
    p.paid_on,
    cast(p.amount_base as double) as amount_base,
    cu.rep_id as owner_rep_id,
    l.contact.contact_id as contact_id,
    l.contact.rep_id as contact_rep_id,
    l.contact.at as contact_at,
from cash as p
left join stg_customers as cu on cu.customer_id = p.customer_id
left join latest_contact as l on l.payment_id = p.payment_id
order by p.paid_on, p.payment_id
