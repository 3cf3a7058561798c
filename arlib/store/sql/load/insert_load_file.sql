-- one row appended per file (or sheet) of a load
insert into load_files (
    load_id, file_name, size_bytes, sha256, table_name, layout,
    rows_read, inserted, updated, unchanged, rejected
)
values (
    $load_id, $file_name, $size_bytes, $sha256, $table_name, $layout,
    $rows_read, $inserted, $updated, $unchanged, $rejected
)
