-- one row per point of contact of a customer in scope to confirm on $as_of: stale (never
-- verified, or verified more than $stale_days days before) or unreachable (the latest contact
-- by $as_of naming the person, on or after their verification, has the outcome bounced or
-- wrong_number, or a note holding one of $words)
with named as (
    select
        k.customer_id,
        lower(trim(k.person)) as person_key,
        arg_max(k.contact_id, k.contact_at) as contact_id,
        max(k.contact_on) as contact_on,
        arg_max(k.note, k.contact_at) as note,
        arg_max(k.outcome, k.contact_at) as outcome,
    from stg_contacts as k
    where k.contact_on <= $as_of and k.person is not null
    group by all
)
select
    p.customer_id,
    p.name,
    p.role,
    p.email,
    p.phone,
    p.is_primary,
    p.verified_on,
    p.verified_on is null
        or p.verified_on < cast($as_of as date) - cast($stale_days as integer) as is_stale,
    coalesce((n.outcome in ('bounced', 'wrong_number') or exists (
        select 1 from unnest(cast($words as varchar[])) as w(word)
        where contains(lower(n.note), lower(w.word))
    )) and (p.verified_on is null or n.contact_on >= p.verified_on), false) as is_unreachable,
    n.contact_id as last_contact_id,
    n.contact_on as last_contact_on,
    n.note as last_note,
    n.outcome as last_outcome,
from stg_people as p
left join named as n
    on n.customer_id = p.customer_id and n.person_key = lower(trim(p.name))
where in_scope(p.customer_id, $scope_rep, $scope_region, $scope_reps)
    and (
        p.verified_on is null
        or p.verified_on < cast($as_of as date) - cast($stale_days as integer)
        or coalesce((n.outcome in ('bounced', 'wrong_number') or exists (
            select 1 from unnest(cast($words as varchar[])) as w(word)
            where contains(lower(n.note), lower(w.word))
        )) and (p.verified_on is null or n.contact_on >= p.verified_on), false)
    )
order by p.customer_id, p.is_primary desc, p.name
