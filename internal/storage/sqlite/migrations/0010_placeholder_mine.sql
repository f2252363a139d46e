-- Folkmoot schema version 10 (sqlite): a placeholder kept by the "mine" branch so that
-- its migration 0014 applies on its own; the migration another branch
-- brings with this number replaces it when the branches are merged.
SELECT 1;
