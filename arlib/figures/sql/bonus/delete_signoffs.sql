-- no rows: the sign-off steps of a reopened quarter (kept in bonus_reopened)
delete from bonus_signoffs
where quarter = $quarter
