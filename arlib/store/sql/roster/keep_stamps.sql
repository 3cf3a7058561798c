-- no rows: rows the replacement left as they were (kept_rows) keep their earlier stamp
update roster
set changed_at = kept_rows.changed_at, changed_by = kept_rows.changed_by
from kept_rows
where roster.email = kept_rows.email
