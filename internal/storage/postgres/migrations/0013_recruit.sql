-- Folkmoot schema version 13 (postgres): placeholder, filled in by its issue's work.
CREATE TABLE IF NOT EXISTS placeholder_recruit (id INTEGER PRIMARY KEY);
DROP TABLE placeholder_recruit;
