-- at most one row: the load and layout the fact tables were built from, and the settings
-- the stored allocation was made with (null when it has none)
select
    s.load_id,
    s.layout,
    (select any_value(grace_days) from fact_allocation_params) as grace_days,
    (select any_value(base_currency) from fact_allocation_params) as base_currency,
from facts_state as s
where s.id = 1
