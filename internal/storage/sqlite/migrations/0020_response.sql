-- Folkmoot schema version 20 (sqlite): the Board's answers to a round's
-- recommendations, its commitments and their progress, and the stocktake
-- (internal/response). Everything here is published; none of it is
-- personal data (a commitment's owner is a team or a post).
CREATE TABLE resp_settings (
    cycle_id   INTEGER PRIMARY KEY REFERENCES cycles(id),
    deadline   INTEGER NOT NULL DEFAULT 0,  -- microseconds; 0: none set
    statuses   TEXT NOT NULL DEFAULT '[]',  -- JSON: key, labels, default progress
    updated_at INTEGER NOT NULL
);

CREATE TABLE resp_answers (
    rec_id      INTEGER PRIMARY KEY REFERENCES rec_items(id),
    cycle_id    INTEGER NOT NULL REFERENCES cycles(id),
    theme_id    INTEGER NOT NULL,
    decision    TEXT NOT NULL,               -- accepted | partly_accepted | not_accepted
    reasons     TEXT NOT NULL,
    reasons_cy  TEXT NOT NULL DEFAULT '',
    answered_at INTEGER NOT NULL,            -- first published
    updated_at  INTEGER NOT NULL
);
CREATE INDEX resp_answers_cycle ON resp_answers(cycle_id, rec_id);

CREATE TABLE resp_commitments (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    rec_id     INTEGER NOT NULL REFERENCES rec_items(id),
    theme_id   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    owner      TEXT NOT NULL,
    measure    TEXT NOT NULL,
    due        TEXT NOT NULL,                -- YYYY-MM-DD
    status     TEXT NOT NULL,
    progress   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX resp_commitments_cycle ON resp_commitments(cycle_id, id);

CREATE TABLE resp_updates (
    commitment_id INTEGER NOT NULL REFERENCES resp_commitments(id),
    number        INTEGER NOT NULL,          -- 1, 2, … within the commitment
    on_date       TEXT NOT NULL,             -- YYYY-MM-DD
    status        TEXT NOT NULL,
    progress      INTEGER NOT NULL,
    body          TEXT NOT NULL,
    links         TEXT NOT NULL DEFAULT '[]', -- JSON list of URLs
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (commitment_id, number)
);

CREATE TABLE resp_stocktakes (
    cycle_id     INTEGER PRIMARY KEY REFERENCES cycles(id),
    held_on      TEXT NOT NULL,              -- YYYY-MM-DD
    place        TEXT NOT NULL,
    notes        TEXT NOT NULL,
    published_at INTEGER NOT NULL DEFAULT 0, -- 0: not published
    updated_at   INTEGER NOT NULL
);
