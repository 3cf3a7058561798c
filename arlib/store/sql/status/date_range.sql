-- one row: first and last dated event in the store (documents, settlements, contacts, promises)
with dates as (
    select min(invoice_on) as first_on, max(invoice_on) as last_on from stg_invoices
    union all
    select min(paid_on), max(paid_on) from stg_payments
    union all
    select min(contact_on), max(contact_on) from stg_contacts
    union all
    select min(made_on), max(made_on) from stg_promises
)
select
    min(first_on) as first_on,
    max(last_on) as last_on,
from dates
