-- one row: the scan floor of reps (every start date read once)
select count(start_on) as total from raw_reps
