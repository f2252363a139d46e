-- Folkmoot schema version 0007 (postgres): placeholder, filled in by the work on issue 10.
SELECT 1;
