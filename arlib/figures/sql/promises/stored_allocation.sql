-- one row: the grace days and base currency the stored allocation (fact_allocations) was
-- made with; it serves only books under the same settings
select grace_days, base_currency
from fact_allocation_params
