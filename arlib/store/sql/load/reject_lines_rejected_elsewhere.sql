-- rows of an export line already rejected in another table of this load (e.g. the payment
-- derived from an invoice line whose date is unreadable): not loaded either, since a
-- rejected line creates nothing
update checked_rows
set _errors = list_append(_errors, {
    'column': cast(null as varchar),
    'value': cast(null as varchar),
    'reason': 'not loaded: this line was rejected in '
        || (
            select string_agg(distinct r.table_name, ', ' order by r.table_name)
            from load_rejects as r
            where r.load_id = $load_id and r.file_name = $file_name
                and r.table_name <> $table_name and r.line = checked_rows._line
        ),
})
where len(_errors) = 0
    and _line in (
        select line
        from load_rejects
        where load_id = $load_id and file_name = $file_name and table_name <> $table_name
    )
