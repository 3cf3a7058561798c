-- one row: whether the stored fact tables were built in another layout than $layout
select count(*) > 0 as is_old
from facts_state
where layout <> $layout
