-- one row per customer: the raw factors of the visit score as of $as_of (base currency):
-- trailing-12-month sales, open AR, balance over 30 and over 60 days past due, open disputed
-- balance, the last visit and the last cash, with the customer's master data (days past
-- due count from the due date whatever the aging basis; money as double for run_frame)
with items as (
    select *
    from open_items(
        [$as_of], $base_currency, $fx_policy, $aging_basis, $bucket_edges, $bucket_labels
    )
),
balances as (
    select
        customer_id,
        sum(open_base_amt) as open_ar_amt,
        coalesce(sum(open_base_amt) filter (where open_amt > 0 and days_past_due > 30), 0)
            as past_due_30_amt,
        coalesce(sum(open_base_amt) filter (where open_amt > 0 and days_past_due > 60), 0)
            as past_due_60_amt,
        coalesce(sum(open_base_amt) filter (where is_disputed), 0) as open_disputes_amt,
    from items
    group by customer_id
),
sales as (
    select customer_id, sum(amount_base) as sales_12m_amt
    from documents_base(cast($as_of as date) - 364, $as_of, $base_currency)
    group by customer_id
),
visits as (
    select customer_id, max(contact_on) as last_visit_on
    from fact_contacts
    where channel = 'visit' and contact_on <= $as_of
    group by customer_id
),
cash as (
    select customer_id, max(paid_on) as last_cash_on
    from stg_payments
    where is_cash and paid_on <= $as_of
    group by customer_id
)
select
    c.customer_id,
    c.name as customer_name,
    c.rep_id,
    c.region,
    c.city,
    c.customer_since as customer_since_on,
    cast(coalesce(s.sales_12m_amt, 0) as double) as sales_12m_amt,
    cast(coalesce(b.open_ar_amt, 0) as double) as open_ar_amt,
    cast(coalesce(b.past_due_30_amt, 0) as double) as past_due_30_amt,
    cast(coalesce(b.past_due_60_amt, 0) as double) as past_due_60_amt,
    cast(coalesce(b.open_disputes_amt, 0) as double) as open_disputes_amt,
    v.last_visit_on,
    least(coalesce(cast($as_of as date) - v.last_visit_on, 365), 365) as since_visit_days,
    k.last_cash_on,
from stg_customers as c
left join balances as b on b.customer_id = c.customer_id
left join sales as s on s.customer_id = c.customer_id
left join visits as v on v.customer_id = c.customer_id
left join cash as k on k.customer_id = c.customer_id
where in_scope(c.customer_id, $scope_rep, $scope_region, $scope_reps)
    and (c.customer_since is null or c.customer_since <= $as_of)
order by c.customer_id
