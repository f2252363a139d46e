-- Folkmoot schema version 19 (sqlite): a round's recommendations and the
-- assembly's secret ballot on them (internal/recommend).
CREATE TABLE rec_rounds (
    cycle_id   INTEGER PRIMARY KEY REFERENCES cycles(id),
    threshold  REAL NOT NULL,        -- share of agree + strongly agree needed
    status     TEXT NOT NULL,        -- drafting | voting | closed
    opened_at  INTEGER NOT NULL DEFAULT 0,
    closed_at  INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

-- A recommendation (kind agreement) or a question with ranked options
-- (kind choice). Versions, amendments and minority views are JSON lists.
CREATE TABLE rec_items (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES cycles(id),
    theme_id    INTEGER NOT NULL,
    theme_title TEXT NOT NULL,
    group_id    INTEGER NOT NULL DEFAULT 0,
    kind        TEXT NOT NULL,
    method      TEXT NOT NULL DEFAULT '',
    options     TEXT NOT NULL DEFAULT '[]',
    versions    TEXT NOT NULL,
    amendments  TEXT NOT NULL DEFAULT '[]',
    minority    TEXT NOT NULL DEFAULT '[]',
    updated_at  INTEGER NOT NULL
);
CREATE INDEX rec_items_cycle ON rec_items(cycle_id, id);

-- The secret ballot: who voted, and what was voted, apart. Neither table
-- has a time, a row id or a column that joins one to the other; both are
-- WITHOUT ROWID, so rows are kept in key order (the ballots by a random
-- id), not in the order the votes came.
CREATE TABLE rec_voted (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (cycle_id, user_id)
) WITHOUT ROWID;

CREATE TABLE rec_ballots (
    cycle_id  INTEGER NOT NULL REFERENCES cycles(id),
    ballot_id TEXT NOT NULL,              -- 128 random bits
    receipt   TEXT NOT NULL,              -- the voter's receipt code, "-", the item id
    item_id   INTEGER NOT NULL REFERENCES rec_items(id),
    choice    TEXT NOT NULL,              -- strongly_agree … or a ranking "3>1>2"
    PRIMARY KEY (cycle_id, ballot_id)
) WITHOUT ROWID;
