-- one row per group (customer region, or owner rep: $group_by) and calendar month of the
-- 120 months up to $as_of: the group's AR total and current as of $as_of, its sales in the
-- DSO window, and its net sales of that month (month to date for the month of $as_of)
with customers as (
    select
        customer_id,
        coalesce(case when $group_by = 'region' then region else rep_id end, '(none)')
            as group_key,
    from stg_customers
),
items as (
    select i.*, c.group_key
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    ) as i
    left join customers as c on c.customer_id = i.customer_id
    where in_scope(i.customer_id, $scope_rep, $scope_region, $scope_reps)
),
docs as (
    select d.invoice_on, d.amount_base, c.group_key
    from documents_base(
        cast(date_trunc('month', cast($as_of as date)) - interval 119 month as date),
        $as_of,
        $base_currency
    ) as d
    left join customers as c on c.customer_id = d.customer_id
    where in_scope(d.customer_id, $scope_rep, $scope_region, $scope_reps)
),
groups as (
    select
        coalesce(group_key, '(none)') as group_key,
        sum(open_base_amt) as ar_total_amt,
        coalesce(sum(open_base_amt) filter (where is_current), 0)
            as ar_current_amt,
    from items
    group by all
),
window_sales as (
    select coalesce(group_key, '(none)') as group_key, sum(amount_base) as sales_window_amt
    from docs
    where invoice_on > cast($as_of as date) - cast($window_days as integer)
    group by all
),
monthly as (
    select
        coalesce(group_key, '(none)') as group_key,
        cast(date_trunc('month', invoice_on) as date) as month_on,
        sum(amount_base) as sales_amt,
    from docs
    group by all
)
select
    g.group_key,
    g.ar_total_amt,
    g.ar_current_amt,
    coalesce(w.sales_window_amt, 0) as sales_window_amt,
    m.month_on,
    m.sales_amt,
from groups as g
left join window_sales as w on w.group_key = g.group_key
left join monthly as m on m.group_key = g.group_key
order by g.group_key, m.month_on
