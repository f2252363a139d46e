-- Folkmoot schema version 10 (sqlite): tools for organisers and moderators.
-- Reports say what kind of problem they are about (category; "combine" asks
-- organisers to put two issues together, naming the other issue) and how
-- they were closed (outcome: hidden, dismissed, combined, declined) with the
-- closer's note. The public moderation log keeps the title it shows (empty
-- when the moderator withheld it). Organisers can reject a suggested theme
-- (the set of issues it grouped) so it is not suggested again.
ALTER TABLE reports ADD COLUMN category TEXT NOT NULL DEFAULT 'other';
ALTER TABLE reports ADD COLUMN other_issue_id INTEGER REFERENCES issues(id);
ALTER TABLE reports ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN note TEXT NOT NULL DEFAULT '';
UPDATE reports SET outcome = 'hidden' WHERE resolved_at <> 0 AND EXISTS (
    SELECT 1 FROM moderations m WHERE m.issue_id = reports.issue_id
    AND COALESCE(m.comment_id, 0) = COALESCE(reports.comment_id, 0)
    AND m.action = 'hide' AND m.created_at = reports.resolved_at);
UPDATE reports SET outcome = 'dismissed' WHERE resolved_at <> 0 AND outcome = '';
CREATE INDEX reports_queue ON reports(outcome, category, id);

ALTER TABLE moderations ADD COLUMN title TEXT NOT NULL DEFAULT '';

CREATE TABLE rejected_suggestions (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES cycles(id),
    issue_ids   TEXT    NOT NULL, -- sorted, comma-separated
    reason      TEXT    NOT NULL DEFAULT '',
    rejected_by INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX rejected_suggestions_cycle ON rejected_suggestions(cycle_id, id);
