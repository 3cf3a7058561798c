-- one row: the scan floor of FX rates (every rate read once)
select sum(rate_to_base) as total from raw_fx_rates
