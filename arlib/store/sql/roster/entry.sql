-- the roster row of one email (none when the person is not on the roster), case ignored
select email, name, role, rep_id, team, active, changed_at, changed_by
from roster
where email = lower(trim($email))
