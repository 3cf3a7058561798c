-- one row: the latest load, how many loads changed data, and rows that refer to nothing
select
    l.load_id,
    l.loaded_at,
    l.source,
    l.status,
    (select count(*) from loads where status = 'committed') as count_data_loads,
    l.orphans as count_orphans,
from loads as l
order by l.load_id desc
limit 1
