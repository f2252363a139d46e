-- Folkmoot schema version 12 (postgres): placeholder, filled in by its issue's work.
CREATE TABLE IF NOT EXISTS placeholder_jury (id INTEGER PRIMARY KEY);
DROP TABLE placeholder_jury;
