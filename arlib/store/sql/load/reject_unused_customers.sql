-- customers derived from an export whose every row naming them was rejected: not created
-- (a rejected row creates nothing); each gets an error and is recorded as a reject
update checked_rows
set _errors = list_append(_errors, {
    'column': 'customer_id',
    'value': customer_id,
    'reason': 'not created: every row of this file naming the customer was rejected',
})
where len(_errors) = 0
    and customer_id not in (
        select customer_id from export_customers where file_name = $file_name
    )
