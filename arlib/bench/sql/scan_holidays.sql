-- one row: the scan floor of holidays (every date read once)
select count("on") as total from raw_holidays
