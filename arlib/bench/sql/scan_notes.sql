-- one row: the scan floor of notes (every timestamp read once)
select count(created_at) as total from raw_notes
