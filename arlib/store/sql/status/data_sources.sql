-- one row per source (the paths a load was given) of the loads that changed data
select
    source,
    count(*) as count_loads,
from loads
where status = 'committed'
group by source
