-- one row per cash settlement row paid on or before $as_of inside the window of some promise
-- of its customer (made_on .. due_on + $grace_days), amount in whole cents, in allocation
-- order (customer, paid_on, payment_id, invoice_id with unapplied rows last: cash_rank); rows
-- outside every window can keep nothing. cover holds, per customer and made_on, the latest
-- deadline of the customer's promises made by then, so one asof join per row tests the
-- window; $customers (a list, or null for all) narrows it to those customers
with cover as (
    select
        customer_id,
        made_on,
        max(max(due_on)) over (
            partition by customer_id order by made_on
            range between unbounded preceding and current row
        ) as promise_due_on,
    from fact_promises
    where ($customer_id is null or customer_id = $customer_id)
        and ($customers is null or customer_id in (select unnest($customers)))
    group by customer_id, made_on
),
cash as (
    -- narrowed before the asof join, which would not let the filters through
    select s.*
    from settlements_base($first_on, $as_of, $base_currency) as s
    where s.is_cash
        and in_scope(s.customer_id, $scope_rep, $scope_region, $scope_reps)
        and ($customer_id is null or s.customer_id = $customer_id)
        and ($customers is null or s.customer_id in (select unnest($customers)))
)
select
    s.cash_rank,
    s.customer_id,
    s.payment_id,
    s.invoice_id,
    s.currency,
    s.paid_on,
    cast(s.amount * 100 as bigint) as amount_cents,
from cash as s
asof join cover as w
    on w.customer_id = s.customer_id and s.paid_on >= w.made_on
where s.paid_on <= w.promise_due_on + cast($grace_days as integer)
order by s.cash_rank
