-- one row per contact in [$first_on, $as_of] of the channels in $channels (all when null)
select
    c.contact_id,
    c.rep_id,
    c.customer_id,
    cu.name as customer_name,
    c.contact_at,
    c.channel,
    c.direction,
    c.outcome,
    c.person,
    c.note,
    coalesce(c.outcome, '') not in ('no_answer', 'left_message', 'bounced', 'wrong_number')
        as is_reached,
from fact_contacts as c
left join stg_customers as cu on cu.customer_id = c.customer_id
where c.contact_on between $first_on and $as_of
    and ($channels is null or list_contains($channels, c.channel))
    and in_scope(c.customer_id, $scope_rep, $scope_region, $scope_reps)
order by c.rep_id, c.contact_at, c.contact_id
