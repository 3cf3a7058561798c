-- one row: the settings the stored allocation was made with
select cast($grace_days as integer) as grace_days, cast($base_currency as varchar) as base_currency
