-- one row: the latest load that changed data, 0 when none has
select coalesce(max(load_id), 0) as load_id
from loads
where status = 'committed'
