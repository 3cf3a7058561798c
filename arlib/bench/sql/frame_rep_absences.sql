-- one row per rep absence
select rep_id, from_on, to_on
from stg_rep_absences
