-- one row per staged part of the load (file or sheet, by position): its file name and its rank
-- among the files the user prefers where files disagree (NULL when not preferred)
create or replace temp table load_parts (_part integer, file_name varchar, _rank integer)
