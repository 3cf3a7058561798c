-- one row: the scan floor of disputes (every amount read once)
select sum(amount) as total from raw_disputes
