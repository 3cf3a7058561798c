-- one row: whether the stored fact tables were built in layout $layout
select count(*) > 0 as is_layout
from facts_state
where layout = $layout
