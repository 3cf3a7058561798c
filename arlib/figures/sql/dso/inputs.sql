-- one row per date of $as_of_dates: the DSO inputs in base currency: AR total and current,
-- sales in the window of $window_days ending on the date, and sales from the 1st of its month
with dates as (
    select unnest($as_of_dates) as as_of
),
items as (
    select *
    from open_items(
        $as_of_dates, $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
),
ar as (
    select
        as_of,
        sum(open_base_amt) as ar_total_amt,
        coalesce(sum(open_base_amt) filter (where is_current), 0)
            as ar_current_amt,
    from items
    group by as_of
),
daily as (
    -- net sales per day, so that each date sums a few days rather than every document
    select invoice_on, sum(amount_base) as sales_amt
    from documents_base(
        least(
            (select min(as_of) from dates) - cast($window_days as integer) + 1,
            (select cast(date_trunc('month', min(as_of)) as date) from dates)
        ),
        (select max(as_of) from dates),
        $base_currency
    )
    where in_scope(customer_id, $scope_rep, $scope_region, $scope_reps)
    group by invoice_on
),
sales as (
    select
        t.as_of,
        coalesce(sum(d.sales_amt) filter (
            where d.invoice_on > t.as_of - cast($window_days as integer)
        ), 0) as sales_window_amt,
        coalesce(sum(d.sales_amt) filter (
            where d.invoice_on >= date_trunc('month', t.as_of)
        ), 0) as sales_month_to_date_amt,
    from dates as t
    left join daily as d
        on d.invoice_on <= t.as_of
        and d.invoice_on >= least(
            t.as_of - cast($window_days as integer) + 1,
            cast(date_trunc('month', t.as_of) as date)
        )
    group by t.as_of
)
select
    t.as_of,
    coalesce(a.ar_total_amt, 0) as ar_total_amt,
    coalesce(a.ar_current_amt, 0) as ar_current_amt,
    s.sales_window_amt,
    s.sales_month_to_date_amt,
from dates as t
left join ar as a on a.as_of = t.as_of
left join sales as s on s.as_of = t.as_of
order by t.as_of
