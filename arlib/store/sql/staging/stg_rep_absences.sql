-- one row per absence of a rep (inclusive date range)
create or replace view stg_rep_absences as
select
    rep_id,
    from_on,
    to_on,
    reason,
    _load_id as load_id,
from raw_rep_absences
