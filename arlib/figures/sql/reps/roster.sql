-- one row per rep employed at some point in [$first_on, $as_of]: working days in the period
-- (weekdays within start/end, less company holidays and the rep's absences)
with days as (
    select cast(t.day as date) as day
    from generate_series(cast($first_on as date), cast($as_of as date), interval 1 day) as t(day)
    where isodow(t.day) <= 5
        and cast(t.day as date) not in (select holiday_on from stg_holidays)
),
employed as (
    select *
    from stg_reps
    where (start_on is null or start_on <= $as_of)
        and (end_on is null or end_on >= $first_on)
)
select
    r.rep_id,
    r.name as rep_name,
    r.team,
    r.start_on,
    r.end_on,
    count(d.day) as working_days,
from employed as r
left join days as d
    on d.day >= coalesce(r.start_on, d.day)
    and d.day <= coalesce(r.end_on, d.day)
    and not exists (
        select 1
        from stg_rep_absences as a
        where a.rep_id = r.rep_id and d.day between a.from_on and a.to_on
    )
group by all
order by r.rep_id
