-- PLACEHOLDER on branch organise so that 0013 applies: another helper's
-- migration takes this number. Drop this file on merge.
SELECT 1;
