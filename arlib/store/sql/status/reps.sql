-- one row per rep: id and name, for the rep filter
select rep_id, name as rep_name
from stg_reps
order by rep_id
