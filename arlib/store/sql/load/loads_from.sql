-- the loads whose files were read from under $path (a folder, with its trailing slash),
-- oldest first: whether an inbox entry was loaded before the app stopped
select load_id, status
from loads
where contains(source, $path)
order by load_id
