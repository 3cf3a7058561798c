-- one row per document (invoice or credit note); currency falls back to the customer's
create or replace view stg_invoices as
select
    i.invoice_id,
    i.customer_id,
    coalesce(i.doc_type, 'invoice') as doc_type,
    i.invoice_on,
    i.due_on,
    i.amount,
    coalesce(i.currency, c.currency) as currency,
    i.reference,
    i._load_id as load_id,
from raw_invoices as i
left join raw_customers as c on c.customer_id = i.customer_id
