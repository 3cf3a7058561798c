-- one row per rep id or region a filter can take: kind ('rep' or 'region') and value
select 'rep' as kind, rep_id as value from raw_reps
union all
select distinct 'region' as kind, region as value from raw_customers where region is not null
order by kind, value
