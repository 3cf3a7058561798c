-- one row: the scan floor of customers (every credit limit read once)
select sum(credit_limit) as total from raw_customers
