-- one row per rep in the store, by id (to check the roster's rep ids and teams against)
select rep_id, team
from stg_reps
order by rep_id
