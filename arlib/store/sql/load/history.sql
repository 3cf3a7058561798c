-- one row per load, newest first: when, from where (origin), which files (names only),
-- layout, outcome and counts
select
    load_id,
    loaded_at,
    coalesce(origin, 'file') as origin,
    regexp_replace(source, '(^|, )[^,]*[/\\]', '\1', 'g') as source,
    layout,
    status,
    files,
    rows_read,
    inserted,
    updated,
    unchanged,
    rejected,
    orphans,
from loads
order by load_id desc
