-- one row per company holiday
select holiday_on
from stg_holidays
