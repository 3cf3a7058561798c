-- one row: the version number given to the plan just stored (the quarter's next)
insert into bonus_plans (quarter, version, saved_at, author, note, plan_json)
select
    $quarter,
    coalesce((select max(version) from bonus_plans where quarter = $quarter), 0) + 1,
    $saved_at,
    $author,
    $note,
    $plan_json
returning version
