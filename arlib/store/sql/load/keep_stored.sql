-- rows derived from an export (customers named by its documents) never replace stored rows:
-- a customer already in the store keeps its name, owner and terms
update classified_rows set _action = 'unchanged' where _action = 'updated'
