-- no rows: records one action
insert into audit (happened_at, email, action, detail) values ($happened_at, $email, $action, $detail)
