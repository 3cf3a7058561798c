-- one row per saved version of a quarter's bonus plan (never updated: a change is a new version)
create table if not exists bonus_plans (
    quarter varchar not null,  -- the effective quarter, e.g. 2024Q4
    version integer not null,  -- 1, 2, ... per quarter; the highest is the plan in force
    saved_at timestamp not null,
    author varchar not null,
    note varchar,
    plan_json varchar not null,  -- the plan (arlib.figures.bonus.plan.Plan) as JSON
    primary key (quarter, version)
)
