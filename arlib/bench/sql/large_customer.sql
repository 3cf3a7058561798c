-- one row: the customer with the most documents (the drill-down's worst case), ties by id
select customer_id, count(*) as count_documents
from stg_invoices
group by customer_id
order by count_documents desc, customer_id
limit 1
