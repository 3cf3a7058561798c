-- one row per load that changed data after the last day of the quarter ($last_on), oldest first
select load_id, loaded_at, source
from loads
where status = 'committed' and cast(loaded_at as date) > $last_on
order by load_id
