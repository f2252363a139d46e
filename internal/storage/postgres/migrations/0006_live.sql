-- Folkmoot schema version 0006 (postgres): placeholder, filled in by the work on issue 10.
SELECT 1;
