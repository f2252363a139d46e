-- Folkmoot schema version 0005 (sqlite): placeholder, filled in by the work on issue 10.
SELECT 1;
