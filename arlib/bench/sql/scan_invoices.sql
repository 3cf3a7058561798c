-- one row: the scan floor of invoices (every amount read once)
select sum(amount) as total from raw_invoices
