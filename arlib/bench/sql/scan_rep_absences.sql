-- one row: the scan floor of rep absences (every start date read once)
select count(from_on) as total from raw_rep_absences
