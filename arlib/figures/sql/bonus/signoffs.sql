-- one row per sign-off step of a quarter, in the order they were made
select step, rep_id, signed_by, signed_at, content_hash
from bonus_signoffs
where quarter = $quarter
order by signed_at, step, rep_id
