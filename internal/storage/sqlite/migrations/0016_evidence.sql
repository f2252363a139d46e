-- Folkmoot schema version 16 (sqlite): the assembly's evidence
-- (internal/evidence): documents of each agenda theme's pack and their
-- versions, witnesses, members' requests and written submissions.
-- Nominators, askers and submitters are kept by user id and never
-- published. Theme ids are those of the published agenda (no foreign key:
-- the agenda keeps its own snapshot of the themes).
CREATE TABLE evidence_docs (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    theme_id   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX evidence_docs_cycle ON evidence_docs(cycle_id, theme_id, id);

-- Every version of a document (easy = 0) and of its easy-read version
-- (easy = 1); number counts from 1 within (doc_id, easy).
CREATE TABLE evidence_versions (
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES evidence_docs(id),
    easy       INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    format     TEXT NOT NULL,             -- markdown | pdf
    body       TEXT NOT NULL DEFAULT '',  -- the Markdown
    data       BLOB,                      -- the PDF
    size       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (doc_id, easy, number)
);

CREATE TABLE evidence_witnesses (
    id           INTEGER PRIMARY KEY,
    cycle_id     INTEGER NOT NULL REFERENCES cycles(id),
    theme_id     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    topic        TEXT NOT NULL,
    interests    TEXT NOT NULL,
    nominator_id INTEGER NOT NULL,         -- never published
    nominator    TEXT NOT NULL,            -- organiser | member | public
    status       TEXT NOT NULL,            -- proposed | approved | declined
    reason       TEXT NOT NULL DEFAULT '',
    view         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    decided_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_witnesses_cycle ON evidence_witnesses(cycle_id, id);

CREATE TABLE evidence_requests (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES cycles(id),
    theme_id    INTEGER NOT NULL DEFAULT 0,
    user_id     INTEGER NOT NULL,          -- never published
    kind        TEXT NOT NULL,             -- source | witness
    text        TEXT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    answered_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_requests_cycle ON evidence_requests(cycle_id, id);

CREATE TABLE evidence_submissions (
    id           INTEGER PRIMARY KEY,
    cycle_id     INTEGER NOT NULL REFERENCES cycles(id),
    theme_id     INTEGER NOT NULL DEFAULT 0,
    user_id      INTEGER NOT NULL,         -- never published
    organisation TEXT NOT NULL,
    interests    TEXT NOT NULL,
    body         TEXT NOT NULL,
    pdf          BLOB,
    status       TEXT NOT NULL,            -- proposed | published | rejected
    reason       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    decided_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_submissions_cycle ON evidence_submissions(cycle_id, id);
