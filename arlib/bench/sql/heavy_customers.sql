-- one row per customer: the $count customers with the most documents (the customer pages a
-- collector waits longest for), ties by id
select customer_id, count(*) as count_documents
from raw_invoices
group by customer_id
order by count_documents desc, customer_id
limit $count
