-- one row: the scan floor of the load log (every load id read once)
select count(load_id) as total from loads
