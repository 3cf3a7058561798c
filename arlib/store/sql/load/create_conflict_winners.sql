-- one row per conflicting key that a preferred file holds: the part and row whose values are
-- kept (of the files holding the key, the one ranked first)
create or replace temp table conflict_winners as
with held as (
    select table_name, key, part_a as _part, line_a as _line from conflict_cells
    union
    select table_name, key, part_b, line_b from conflict_cells
)
select
    h.table_name,
    h.key,
    arg_min(h._part, p._rank) as _part,
    arg_min(h._line, p._rank) as _line,
    arg_min(p.file_name, p._rank) as file_name,
from held as h
join load_parts as p on p._part = h._part
where p._rank is not null
group by h.table_name, h.key
