-- one row per rep of a team (reps.team), by id
select rep_id
from stg_reps
where team = $team
order by rep_id
