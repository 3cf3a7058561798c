-- one row per action (inserted, updated, unchanged, duplicate) of the file being merged
select
    _action,
    count(*) as rows,
from classified_rows
group by _action
