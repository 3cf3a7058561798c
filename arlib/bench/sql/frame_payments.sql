-- one row per payment row, the columns the pandas reference needs
select payment_id, customer_id, invoice_id, paid_on, amount, currency, method, reference, is_cash
from stg_payments
