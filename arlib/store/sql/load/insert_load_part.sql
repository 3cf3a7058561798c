-- one row: a staged part of the load with its rank among the preferred files
insert into load_parts values ($part, $file_name, $rank)
