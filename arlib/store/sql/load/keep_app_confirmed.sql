-- a point of contact confirmed in the app (its stored row written by an app entry) is not
-- replaced by an import's row for the same person unless the import's was verified later:
-- the rep's confirmation is newer than what the other system knew (data-model.md,
-- App-entered rows); one row per person kept
update classified_rows as o
set _action = 'unchanged'
where o._action = 'updated'
    and exists (
        select 1
        from raw_people as r
        join loads as l on l.load_id = r._load_id
        where l.origin = 'app entry'
            and r.customer_id = o.customer_id
            and r.name = o.name
            and (o.verified_on is null or o.verified_on <= r.verified_on)
    )
returning o.customer_id, o.name
