-- one row: whether the fact tables hold the data as of its latest load, in layout $layout
select coalesce(
    (select load_id from facts_state where id = 1 and layout = $layout)
    = (select coalesce(max(load_id), 0) from loads where status = 'committed'),
    false
) as is_current
