-- one row: the CFO's headline figures as of $as_of, in base currency
with items as (
    select *
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
),
open_promises as (
    -- made by the date, deadline (due + grace) not passed, not superseded by a newer one
    select p.promise_id, p.amount_base
    from promises_base($as_of, $base_currency) as p
    where p.due_on + cast($grace_days as integer) >= $as_of
        and not exists (
            select 1
            from stg_promises as n
            where n.customer_id = p.customer_id
                and n.invoice_id is not distinct from p.invoice_id
                and n.made_on > p.made_on
                and n.made_on <= p.due_on
                and n.made_on <= $as_of
        )
)
select
    coalesce(sum(open_base_amt), 0) as open_ar_amt,
    coalesce(sum(open_base_amt) filter (where bucket not in ('current', 'unapplied')), 0)
        as past_due_amt,
    coalesce(sum(open_base_amt) filter (where bucket = 'unapplied'), 0) as unapplied_amt,
    coalesce(sum(open_base_amt) filter (where is_disputed), 0) as disputed_amt,
    count(distinct customer_id) filter (where open_amt > 0) as count_customers_open,
    (select count(*) from open_promises) as count_open_promises,
    (select coalesce(sum(amount_base), 0) from open_promises) as open_promises_amt,
from items
