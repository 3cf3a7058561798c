-- how much memory the database instance may hold (setting memory_limit); past it, large
-- operations spill to the temporary directory beside the database file
set memory_limit = $memory_limit
