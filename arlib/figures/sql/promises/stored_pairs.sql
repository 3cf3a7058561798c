-- one row per payment row to promise pair of the stored allocation (fact_allocations, the
-- whole book) paid on or before $as_of, in scope, of one customer when $customer_id is set
select
    a.book_rank,
    a.promise_id,
    a.customer_id,
    a.cash_rank,
    a.paid_on,
    a.cents,
    a.payment_id,
    a.invoice_id,
from fact_allocations as a
where a.paid_on <= $as_of
    and in_scope(a.customer_id, $scope_rep, $scope_region, $scope_reps)
    and ($customer_id is null or a.customer_id = $customer_id)
