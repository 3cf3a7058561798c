-- one row per rep: id and name, for the rep filter; only the reps of $reps (a list of rep
-- ids, the viewer's rep scope) when it is not null
select rep_id, name as rep_name
from stg_reps
where $reps is null or list_contains(cast($reps as varchar[]), rep_id)
order by rep_id
