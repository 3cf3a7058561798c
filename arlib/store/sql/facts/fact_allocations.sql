-- one row per payment row to promise pair of the FIFO allocation of the whole book (every
-- promise, every cash row), worked out in Python (arlib.store.allocation) and handed over as the Arrow
-- table allocation_rows; stored by customer and cash order
select
    book_rank,
    promise_id,
    customer_id,
    cash_rank,
    paid_on,
    cents,
    payment_id,
    invoice_id,
from allocation_rows
order by customer_id, cash_rank
