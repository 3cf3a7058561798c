-- one row appended to the load log
insert into loads (
    load_id, loaded_at, source, layout, status, files,
    rows_read, inserted, updated, unchanged, rejected, orphans, origin
)
values (
    $load_id, $loaded_at, $source, $layout, $status, $files,
    $rows_read, $inserted, $updated, $unchanged, $rejected, $orphans, $origin
)
