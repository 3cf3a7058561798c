-- one row per rep who started, left or was absent within the quarter [$first_on, $last_on]:
-- what happened, from and to (their working days, and so their figures, are partial)
select rep_id, 'started' as change, start_on as from_on, cast(null as date) as to_on
from stg_reps
where start_on > $first_on and start_on <= $last_on
union all
select rep_id, 'left', end_on, cast(null as date)
from stg_reps
where end_on >= $first_on and end_on < $last_on
union all
select rep_id, 'absent', greatest(from_on, $first_on), least(to_on, $last_on)
from stg_rep_absences
where from_on <= $last_on and to_on >= $first_on
order by rep_id, from_on
