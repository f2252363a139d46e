-- PLACEHOLDER (branch h-consult only): schema version 21 belongs to another
-- helper's branch. This file exists so that 0022_consult.sql follows without a
-- gap; delete it when merging.
SELECT 1;
