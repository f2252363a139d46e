-- Folkmoot schema version 14 (postgres): placeholder, filled in by its issue's work.
CREATE TABLE IF NOT EXISTS placeholder_selection (id INTEGER PRIMARY KEY);
DROP TABLE placeholder_selection;
