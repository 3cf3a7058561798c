-- one row per change of a customer's owner rep that a load brought (the customers table
-- keeps the owner today only): from whom, to whom, by which load and on which day the store
-- learned of it
create table if not exists owner_changes (
    customer_id varchar not null,
    from_rep_id varchar,
    to_rep_id varchar,
    load_id integer not null,
    changed_on date not null
)
