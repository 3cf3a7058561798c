-- one row per promise (stg_promises) in allocation order (due, made, id), with its rank in
-- that order, the customer's name, the FX rate found for its currency on made_on and its
-- amount at that rate, and the date of the next later promise of the same customer and
-- invoice (nulls together): that one supersedes it when made by its due date
select
    p.*,
    c.name as customer_name,
    f.rate_to_base as found_rate,
    round(p.amount * f.rate_to_base, 2) as amount_fx,
    min(p.made_on) over (
        partition by p.customer_id, p.invoice_id order by p.made_on
        range between interval 1 day following and unbounded following
    ) as next_made_on,
    row_number() over (order by p.due_on, p.made_on, p.promise_id) as book_rank,
from stg_promises as p
left join stg_customers as c on c.customer_id = p.customer_id
asof left join stg_fx_rates as f
    on f.currency = p.currency and p.made_on >= f.rate_on
order by book_rank
