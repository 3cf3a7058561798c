-- one row per rep
select rep_id, name as rep_name, start_on, end_on
from stg_reps
