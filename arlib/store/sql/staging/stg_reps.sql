-- one row per rep (collector)
create or replace view stg_reps as
select
    rep_id,
    name,
    team,
    start_on,
    end_on,
    _load_id as load_id,
from raw_reps
