-- one row: the scan floor of people (every verification date read once)
select count(verified_on) as total from raw_people
