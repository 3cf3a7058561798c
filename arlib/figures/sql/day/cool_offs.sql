-- one row per customer cooling off on $as_of: a contact with a hostile outcome, or a contact
-- or note whose text holds one of $words (any case), dated on or before $as_of and less than
-- $hours hours before the start of $as_of; the latest such event and when it lifts
with events as (
    select
        customer_id,
        contact_at as happened_at,
        'contact ' || contact_id as source,
        coalesce(note, 'outcome ' || outcome) as said,
    from stg_contacts
    where list_contains(cast($outcomes as varchar[]), outcome)
        or exists (
            select 1 from unnest(cast($words as varchar[])) as w(word)
            where contains(lower(replace(note, '’', '''')), lower(w.word))
        )
    union all
    select
        customer_id,
        created_at as happened_at,
        'note ' || note_id as source,
        text as said,
    from stg_notes
    where exists (
        select 1 from unnest(cast($words as varchar[])) as w(word)
        where contains(lower(replace(text, '’', '''')), lower(w.word))
    )
)
select
    e.customer_id,
    any_value(c.name) as customer_name,
    max(e.happened_at) as started_at,
    max(e.happened_at) + to_hours(cast($hours as integer)) as lifts_at,
    arg_max(e.source, e.happened_at) as source,
    arg_max(e.said, e.happened_at) as said,
from events as e
left join stg_customers as c on c.customer_id = e.customer_id
where cast(e.happened_at as date) <= $as_of
    and e.happened_at + to_hours(cast($hours as integer)) > cast($as_of as date)
    and in_scope(e.customer_id, $scope_rep, $scope_region, $scope_reps)
group by e.customer_id
order by e.customer_id
