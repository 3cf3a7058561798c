-- one row per company holiday
create or replace view stg_holidays as
select
    "on" as holiday_on,
    name,
    _load_id as load_id,
from raw_holidays
