-- one row per open item and span of days [from_on, to_on) over which its open balance (item
-- currency) and its dispute flag are constant, the balance not zero: documents from their
-- own date, less what settles them (payments applied to them, credit-note applications naming
-- them); unapplied cash from its date on, forever. open_fx is the balance at the rate found on
-- the item's own date (base_amount() decides at query time whether it applies). Items are
-- keyed by number (doc_no, cash_rank) while the spans are worked out. Sorted by the end of
-- the span, so that a recent date's open items are read from the tail of the table.
with bases as (
    select 'document' as kind, doc_no as item_no, invoice_id as item_id, invoice_on as start_on
    from fact_documents
    union all
    select 'cash', cash_rank, payment_id, paid_on
    from fact_settlements
    where invoice_id is null
),
events as (
    select 'document' as kind, doc_no as item_no, invoice_on as step_on, amount as change,
        0 as disputes
    from fact_documents
    union all
    -- a settlement reduces the document it is applied to (from the document's date on)
    select 'document', applied_doc_no, greatest(paid_on, applied_invoice_on), -amount, 0
    from fact_settlements
    where applied_doc_no is not null
    union all
    -- a credit-note application also reduces the credit note it names (towards zero)
    select 'document', d.doc_no, greatest(s.paid_on, d.invoice_on), s.amount, 0
    from fact_settlements as s
    join fact_documents as d on d.invoice_id = s.reference
    where s.method = 'credit_note'
    union all
    select 'cash', cash_rank, paid_on, -amount, 0
    from fact_settlements
    where invoice_id is null
    union all
    -- a dispute flags the item named by its invoice_id from opened_on until resolved_on
    select b.kind, b.item_no, greatest(x.opened_on, b.start_on), 0, 1
    from stg_disputes as x
    join bases as b on b.item_id = x.invoice_id
    where x.opened_on is not null
    union all
    select b.kind, b.item_no, greatest(x.resolved_on, b.start_on), 0, -1
    from stg_disputes as x
    join bases as b on b.item_id = x.invoice_id
    where x.opened_on is not null and x.resolved_on is not null
),
daily as (
    select kind, item_no, step_on, sum(change) as change, sum(disputes) as disputes
    from events
    group by kind, item_no, step_on
),
spans as (
    select
        kind,
        item_no,
        step_on as from_on,
        lead(step_on, 1, date '9999-12-31') over by_item as to_on,
        sum(change) over (by_item rows between unbounded preceding and current row)
            as open_amt,
        sum(disputes) over (by_item rows between unbounded preceding and current row)
            as open_disputes,
    from daily
    window by_item as (partition by kind, item_no order by step_on)
),
items as (
    select
        d.invoice_id as item_id,
        d.customer_id,
        d.doc_type as item_type,
        d.invoice_on,
        d.due_on,
        d.currency,
        d.found_rate,
        s.from_on,
        s.to_on,
        s.open_amt,
        s.open_disputes,
    from spans as s
    join fact_documents as d on d.doc_no = s.item_no
    where s.kind = 'document' and s.open_amt <> 0
    union all
    select
        p.payment_id,
        p.customer_id,
        'unapplied_cash',
        p.paid_on,
        p.paid_on,
        p.currency,
        p.found_rate,
        s.from_on,
        s.to_on,
        s.open_amt,
        s.open_disputes,
    from spans as s
    join fact_settlements as p on p.cash_rank = s.item_no
    where s.kind = 'cash'
)
select
    item_id,
    customer_id,
    item_type,
    invoice_on,
    due_on,
    currency,
    found_rate,
    from_on,
    to_on,
    open_amt,
    round(open_amt * found_rate, 2) as open_fx,
    open_amt > 0 and open_disputes > 0 as is_disputed,
from items
order by to_on, from_on
