-- Folkmoot schema version 22 (postgres): a round's quality self-assessment
-- against the OECD's Good Practice Principles (internal/quality).
CREATE TABLE quality_assessments (
    cycle_id      BIGINT PRIMARY KEY REFERENCES cycles(id),
    status        TEXT NOT NULL,                -- draft | review | returned | signed
    assessor_id   BIGINT NOT NULL DEFAULT 0,   -- the named assessor's user id (0: none)
    assessor_name TEXT NOT NULL DEFAULT '',     -- the name published with the sign-off
    statement     TEXT NOT NULL DEFAULT '',     -- the sign-off statement (public)
    comments      TEXT NOT NULL DEFAULT '',     -- the assessor's comments when returned
    signed_at     BIGINT NOT NULL DEFAULT 0,
    snapshot      TEXT NOT NULL DEFAULT '[]',   -- the automatic proofs at sign-off (JSON)
    updated_at    BIGINT NOT NULL
);

-- The organisers' rating, narrative and evidence links, per principle.
CREATE TABLE quality_entries (
    cycle_id     BIGINT NOT NULL REFERENCES quality_assessments(cycle_id),
    principle    TEXT NOT NULL,
    rating       TEXT NOT NULL,                 -- met | partly_met | not_met
    narrative    TEXT NOT NULL,
    narrative_cy TEXT NOT NULL DEFAULT '',
    links        TEXT NOT NULL DEFAULT '[]',    -- JSON list
    author_id    BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, principle)
);
