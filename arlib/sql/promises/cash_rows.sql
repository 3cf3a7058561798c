-- one row per cash settlement row paid on or before $as_of inside the window of some promise
-- of its customer (made_on .. due_on + $grace_days), in allocation order (paid_on,
-- payment_id, invoice_id; unapplied rows last); rows outside every window can keep nothing
select
    s.payment_id,
    s.invoice_id,
    s.customer_id,
    s.paid_on,
    s.amount,
    s.currency,
    s.amount_base,
from settlements_base($first_on, $as_of, $base_currency) as s
where s.is_cash
    and in_scope(s.customer_id, $scope_rep, $scope_region)
    and ($customer_id is null or s.customer_id = $customer_id)
    and exists (
        select 1
        from stg_promises as p
        where p.customer_id = s.customer_id
            and p.made_on <= $as_of
            and s.paid_on between p.made_on and p.due_on + cast($grace_days as integer)
    )
order by s.customer_id, s.paid_on, s.payment_id, s.invoice_id nulls last
