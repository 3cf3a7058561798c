-- one row per promise, the columns the pandas reference needs
select promise_id, customer_id, rep_id, invoice_id, made_on, due_on, amount, currency
from stg_promises
