-- one row per calendar month with documents, from $first_on to $last_on: net sales
-- (invoices less credit notes) in base currency at each document's date
select
    cast(date_trunc('month', invoice_on) as date) as month_on,
    sum(amount_base) as sales_amt,
from documents_base($first_on, $last_on, $base_currency)
where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
group by all
order by month_on
