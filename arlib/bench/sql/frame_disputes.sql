-- one row per dispute, the columns the pandas reference needs
select dispute_id, invoice_id, opened_on, resolved_on
from stg_disputes
