-- one row per document, the columns the pandas reference needs
select invoice_id, customer_id, doc_type, invoice_on, due_on, amount, currency
from stg_invoices
