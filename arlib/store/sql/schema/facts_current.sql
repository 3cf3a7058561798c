-- one row: the data version (latest load that changed data) and layout the fact tables were
-- built from, and the data version now (no parameters: a parameter costs a planning pass)
select
    (select load_id from facts_state where id = 1) as facts_load_id,
    (select layout from facts_state where id = 1) as layout,
    (select coalesce(max(load_id), 0) from loads where status = 'committed') as data_load_id
