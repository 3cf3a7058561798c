-- one row per differing cell of a conflicting key a preferred file decided, with the file
-- whose values are kept, in load and line order
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
    w.file_name as kept,
from conflict_cells as c
join load_parts as a on a._part = c.part_a
join load_parts as b on b._part = c.part_b
join conflict_winners as w on w.table_name = c.table_name and w.key = c.key
order by c.part_a, c.part_b, c.line_a, c.line_b, c.column_no
