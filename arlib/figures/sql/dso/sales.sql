-- one row: net sales (invoices less credit notes) dated in [$first_on, $last_on], base currency
select coalesce(sum(amount_base), 0) as sales_amt
from documents_base($first_on, $last_on, $base_currency)
where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
