-- one row per customer with cash applied to invoices in [$first_on, $last_on]: payment-weighted
-- days beyond terms and the share of that cash paid by the due date (base currency)
with cash as (
    select s.customer_id, s.paid_on, s.amount_base, s.applied_due_on as due_on
    from settlements_base($first_on, $last_on, $base_currency) as s
    where s.is_cash
        and s.applied_doc_type = 'invoice'
        and in_scope(s.customer_id, $scope_rep, $scope_region, $scope_reps)
        and ($customer_id is null or s.customer_id = $customer_id)
)
select
    customer_id,
    sum(amount_base * greatest(paid_on - due_on, 0)) / sum(amount_base) as beyond_terms_days,
    coalesce(sum(amount_base) filter (where paid_on <= due_on), 0) / sum(amount_base)
        as on_time_pct,
    sum(amount_base) as cash_amt,
from cash
group by customer_id
having sum(amount_base) > 0
order by customer_id
