-- Folkmoot schema version 12 (sqlite): a round's citizens' jury and the
-- agenda it chooses (internal/jury).
CREATE TABLE juries (
    cycle_id     INTEGER PRIMARY KEY REFERENCES cycles(id),
    size         INTEGER NOT NULL,
    method       TEXT NOT NULL,            -- lottery | chosen
    statement    TEXT NOT NULL DEFAULT '', -- public: how the jury is chosen
    seats        INTEGER NOT NULL,         -- agenda size
    status       TEXT NOT NULL,            -- forming | voting | counted | published
    draw         TEXT NOT NULL DEFAULT '', -- JSON, the public record of the lottery
    shortlist    TEXT NOT NULL DEFAULT '', -- JSON, the snapshot the jury votes on
    winners      TEXT NOT NULL DEFAULT '', -- shortlist indices in order of election, "2,0,1"
    reasons      TEXT NOT NULL DEFAULT '', -- JSON list, one per shortlisted theme
    why          TEXT NOT NULL DEFAULT '',
    published_at INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL
);

-- Volunteers' answers are personal data, sealed with the data key.
CREATE TABLE jury_volunteers (
    cycle_id       INTEGER NOT NULL REFERENCES cycles(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    answers_sealed TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, user_id)
) WITHOUT ROWID;

CREATE TABLE jurors (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, user_id)
) WITHOUT ROWID;

-- The secret ballot: who voted, and the rankings, apart. Neither table has
-- a time, a row id or any column that joins one to the other; both are
-- WITHOUT ROWID, so rows are kept in key order (the ballots by a random
-- id), not in the order the votes came.
CREATE TABLE jury_voted (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (cycle_id, user_id)
) WITHOUT ROWID;

CREATE TABLE jury_ballots (
    cycle_id  INTEGER NOT NULL REFERENCES cycles(id),
    ballot_id TEXT NOT NULL,  -- 128 random bits
    ranking   TEXT NOT NULL,  -- shortlist indices, most preferred first, "2,0,1"
    PRIMARY KEY (cycle_id, ballot_id)
) WITHOUT ROWID;
