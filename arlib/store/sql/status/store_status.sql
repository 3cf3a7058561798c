-- one row: the latest load, how many loads changed data (of them, how many loaded the sample
-- folder $sample and how many other files), and rows that refer to nothing
select
    l.load_id,
    l.loaded_at,
    l.source,
    l.status,
    (select count(*) from loads where status = 'committed') as count_data_loads,
    (select count(*) from loads where status = 'committed' and source = $sample)
        as count_sample_loads,
    l.orphans as count_orphans,
from loads as l
order by l.load_id desc
limit 1
