-- forgets what the fact tables were built from: the next query rebuilds them
delete from facts_state
