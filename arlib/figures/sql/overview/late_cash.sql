-- one row per cash settlement row paid in [$first_on, $as_of] on an invoice more than
-- $min_days_past_due days past its due date when paid: base amount at paid_on (double)
select
    s.payment_id,
    s.customer_id,
    s.invoice_id,
    s.paid_on,
    s.paid_on - s.applied_due_on as days_past_due,
    cast(s.amount_base as double) as amount_base,
from settlements_base($first_on, $as_of, $base_currency) as s
where s.is_cash
    and s.applied_doc_type is not null
    and s.paid_on - s.applied_due_on > cast($min_days_past_due as integer)
    and in_scope(s.customer_id, $scope_rep, $scope_region, $scope_reps)
order by s.paid_on, s.payment_id
