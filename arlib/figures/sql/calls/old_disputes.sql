-- one row per dispute open on $as_of for more than $days days (amount in its currency)
select
    customer_id,
    dispute_id,
    invoice_id,
    opened_on,
    cast($as_of as date) - opened_on as age_days,
    amount,
    currency,
    reason,
from stg_disputes
where opened_on <= $as_of
    and (resolved_on is null or resolved_on > $as_of)
    and cast($as_of as date) - opened_on > cast($days as integer)
    and in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
