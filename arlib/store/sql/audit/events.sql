-- one row per recorded action from first_on to last_on (days, inclusive), of one person
-- and one action when given, newest first, at most max_rows
select happened_at, email, action, detail
from audit
where happened_at >= $first_on and happened_at < $last_on + interval 1 day
    and ($email is null or email = lower($email))
    and ($action is null or action = $action)
order by happened_at desc
limit $max_rows
