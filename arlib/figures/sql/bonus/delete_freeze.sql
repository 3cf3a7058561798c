-- no rows: the freeze of a reopened quarter (kept in bonus_reopened), so it can be frozen again
delete from bonus_freezes
where quarter = $quarter
