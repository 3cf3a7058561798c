-- no rows: empties the roster before it is replaced as a whole
delete from roster
