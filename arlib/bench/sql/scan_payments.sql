-- one row: the scan floor of payment rows (every amount read once)
select sum(amount) as total from raw_payments
