-- records that the fact tables now hold the data as of its latest load, in layout $layout
insert or replace into facts_state (id, load_id, layout, built_at)
select 1, coalesce(max(load_id), 0), $layout, now()
from loads
where status = 'committed'
