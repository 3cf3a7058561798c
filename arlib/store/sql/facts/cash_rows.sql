-- one row per cash settlement row paid on or before $as_of inside the window of some promise
-- of its customer (made_on .. due_on + $grace_days), amount in whole cents, in allocation
-- order (customer, paid_on, payment_id, invoice_id with unapplied rows last: cash_rank); rows
-- outside every window can keep nothing. promise_due_on is the latest deadline of the
-- customer's promises made by paid_on, so the window test needs no join; $customers (a
-- list, or null for all) narrows it to those customers
select
    s.cash_rank,
    s.customer_id,
    s.payment_id,
    s.invoice_id,
    s.currency,
    s.paid_on,
    cast(s.amount * 100 as bigint) as amount_cents,
from settlements_base($first_on, $as_of, $base_currency) as s
where s.is_cash
    and s.paid_on <= s.promise_due_on + cast($grace_days as integer)
    and in_scope(s.customer_id, $scope_rep, $scope_region, $scope_reps)
    and ($customer_id is null or s.customer_id = $customer_id)
    and ($customers is null or s.customer_id in (select unnest($customers)))
order by s.cash_rank
