-- one row per promise made on or before $as_of, in allocation order (due, made, id): amount in
-- base currency at made_on, and whether a newer promise had superseded it by $as_of (one for
-- the same customer and invoice, made after it, by its due date and by $as_of); money as
-- double for arlib.store.db.run_frame
select
    p.promise_id,
    p.customer_id,
    p.customer_name,
    p.rep_id,
    p.invoice_id,
    p.made_on,
    p.due_on,
    cast(p.amount as double) as amount,
    coalesce(p.currency, $base_currency) as currency,
    cast(base_rate(
        coalesce(p.currency, $base_currency), p.made_on, $base_currency, p.found_rate
    ) as double) as fx_rate,
    cast(base_amount(
        p.amount, p.amount_fx, coalesce(p.currency, $base_currency), p.made_on,
        $base_currency, p.found_rate
    ) as double) as amount_base,
    coalesce(p.next_made_on <= p.due_on and p.next_made_on <= $as_of, false) as is_superseded,
    -- superseded in the whole book, not yet on $as_of (the stored allocation does not hold)
    coalesce(p.next_made_on <= p.due_on and p.next_made_on > $as_of, false)
        as is_superseded_later,
    p.book_rank,
from fact_promises as p
where p.made_on <= $as_of
    and in_scope(p.customer_id, $scope_rep, $scope_region, $scope_reps)
    and ($customer_id is null or p.customer_id = $customer_id)
order by p.book_rank
