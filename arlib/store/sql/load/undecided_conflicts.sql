-- one row per differing cell of a conflicting key that no preferred file decides, in load
-- and line order, with both files
select
    c.table_name,
    c.key_columns,
    c.key,
    c.column_name,
    a.file_name as file_a,
    c.line_a,
    c.value_a,
    b.file_name as file_b,
    c.line_b,
    c.value_b,
from conflict_cells as c
join load_parts as a on a._part = c.part_a
join load_parts as b on b._part = c.part_b
where not exists (
    select 1 from conflict_winners as w where w.table_name = c.table_name and w.key = c.key
)
order by c.part_a, c.part_b, c.line_a, c.line_b, c.column_no
