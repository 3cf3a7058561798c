-- one row per credit note issued to the customer on or before $as_of, newest first: its
-- reason (the reference) warns of billing errors to expect on the call
select
    invoice_id as credit_note_id,
    invoice_on as issued_on,
    -amount as credit_currency_amt,
    currency,
    reference as reason,
from fact_documents
where customer_id = $customer_id and doc_type = 'credit_note' and invoice_on <= $as_of
order by invoice_on desc, invoice_id
