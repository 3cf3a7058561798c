-- no rows: the checked roster rows registered as roster_rows, stamped with who and when
insert into roster (email, name, role, rep_id, team, active, changed_at, changed_by)
select email, name, role, rep_id, team, active, $changed_at, $changed_by
from roster_rows
