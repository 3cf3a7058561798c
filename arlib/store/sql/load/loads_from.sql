-- the loads whose files were read from under $path (a folder, with its trailing slash),
-- oldest first, with how many of their files brought no row (every row rejected, or none
-- read): whether an inbox entry was loaded before the app stopped, and how it ended
select
    l.load_id,
    l.status,
    (
        select count(*)
        from (
            select f.file_name
            from load_files as f
            where f.load_id = l.load_id
            group by f.file_name
            having sum(f.inserted + f.updated + f.unchanged) = 0
        )
    ) as count_empty_files,
from loads as l
where contains(l.source, $path)
order by l.load_id
