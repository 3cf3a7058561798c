-- no rows: one sign-off step of a frozen quarter (the key refuses the same step twice)
insert into bonus_signoffs (quarter, step, rep_id, signed_by, signed_at, content_hash)
values ($quarter, $step, $rep_id, $signed_by, $signed_at, $content_hash)
