-- one row: the scan floor of promises (every amount read once)
select sum(amount) as total from raw_promises
