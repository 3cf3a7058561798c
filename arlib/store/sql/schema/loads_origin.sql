-- where each load's files came from (loader.ORIGINS): added after the load log was first
-- created, so a database made before it gains the column; older loads read 'file'
alter table loads add column if not exists origin varchar default 'file'
