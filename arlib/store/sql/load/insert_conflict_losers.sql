-- one row per row that differs from its key's winning row: the reject it becomes, naming the
-- winning file and line and both values of every differing column
insert into conflict_losers
with sides as (
    select
        case when c.part_a = w._part then c.part_b else c.part_a end as _part,
        case when c.part_a = w._part then c.line_b else c.line_a end as _line,
        c.key_columns,
        c.key,
        w.file_name as kept_file,
        w._line as kept_line,
        c.column_no,
        c.column_name,
        coalesce(case when c.part_a = w._part then c.value_b else c.value_a end, '(blank)')
            as here,
        coalesce(case when c.part_a = w._part then c.value_a else c.value_b end, '(blank)')
            as there,
    from conflict_cells as c
    join conflict_winners as w
        on w.table_name = c.table_name and w.key = c.key
        and ((c.part_a = w._part and c.line_a = w._line)
            or (c.part_b = w._part and c.line_b = w._line))
)
select
    _part,
    _line,
    key_columns as column_name,
    key as value,
    'key also in ' || kept_file || ' line ' || kept_line || ' with other values ('
        || string_agg(column_name || ': ' || here || ' here, ' || there || ' there', '; '
            order by column_no)
        || '); the values of ' || kept_file || ' are kept, as chosen' as reason,
from sides
group by _part, _line, key_columns, key, kept_file, kept_line
