-- customers whose id or name holds the typed text (case-insensitive), best first: the id
-- itself, an id or name starting with it, then any other; at most $max_rows rows; only the
-- customers the viewer sees ($reps: the viewer's rep scope, null for every customer)
with typed as (
    select lower(trim($query)) as q
),
found as (
    select c.customer_id, c.name as customer_name, c.rep_id,
           case
               when lower(c.customer_id) = t.q then 0
               when starts_with(lower(c.customer_id), t.q) then 1
               when starts_with(lower(coalesce(c.name, '')), t.q) then 2
               else 3
           end as rank_match
    from stg_customers as c
    cross join typed as t
    where t.q <> ''
      and (contains(lower(c.customer_id), t.q) or contains(lower(coalesce(c.name, '')), t.q))
      and in_scope(c.customer_id, null, null, $reps)
)
select customer_id, customer_name, rep_id
from found
order by rank_match, customer_name, customer_id
limit $max_rows
