-- one row per person on the roster, by email
select email, name, role, rep_id, team, active, changed_at, changed_by
from roster
order by email
