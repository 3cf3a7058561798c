-- one row per load that changed data, by id (the loads a frozen quarter was computed from)
select load_id
from loads
where status = 'committed'
order by load_id
