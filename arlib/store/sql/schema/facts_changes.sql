-- one row per committed load after load $load_id (the one the fact tables were built from):
-- the tables whose rows it inserted or updated (its files' counts), and how many files it
-- recorded; a load that changed data with no such table is not known to have changed any
select
    l.load_id,
    coalesce(list(distinct f.table_name order by f.table_name)
        filter (where f.inserted + f.updated > 0), []) as tables,
    count(f.table_name) as files,
from loads as l
left join load_files as f on f.load_id = l.load_id
where l.status = 'committed' and l.load_id > $load_id
group by l.load_id
order by l.load_id
