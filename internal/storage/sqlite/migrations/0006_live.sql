-- Folkmoot schema version 0006 (sqlite): placeholder, filled in by the work on issue 10.
SELECT 1;
