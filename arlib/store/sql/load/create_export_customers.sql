-- the customers named by rows of an export that passed every check, per file: a customer an
-- export derives from its documents is created only when one of them loads
create or replace temp table export_customers (file_name varchar, customer_id varchar)
