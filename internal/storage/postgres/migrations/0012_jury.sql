-- Folkmoot schema version 12 (postgres): a round's citizens' jury and the
-- agenda it chooses (internal/jury).
CREATE TABLE juries (
    cycle_id     BIGINT PRIMARY KEY REFERENCES cycles(id),
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
    published_at BIGINT NOT NULL DEFAULT 0,
    updated_at   BIGINT NOT NULL
);

-- Volunteers' answers are personal data, sealed with the data key.
CREATE TABLE jury_volunteers (
    cycle_id       BIGINT NOT NULL REFERENCES cycles(id),
    user_id        BIGINT NOT NULL REFERENCES users(id),
    answers_sealed TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, user_id)
);

CREATE TABLE jurors (
    cycle_id BIGINT NOT NULL REFERENCES cycles(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, user_id)
);

-- The secret ballot: who voted, and the rankings, apart. Neither table has
-- a time, a serial id or any column that joins one to the other; the
-- ballots are keyed by a random id, and closing the vote rewrites them in
-- key order (see sqlstore.CloseJuryBallots), so the physical order no
-- longer follows the order the votes came.
CREATE TABLE jury_voted (
    cycle_id BIGINT NOT NULL REFERENCES cycles(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (cycle_id, user_id)
);

CREATE TABLE jury_ballots (
    cycle_id  BIGINT NOT NULL REFERENCES cycles(id),
    ballot_id TEXT NOT NULL,  -- 128 random bits
    ranking   TEXT NOT NULL,  -- shortlist indices, most preferred first, "2,0,1"
    PRIMARY KEY (cycle_id, ballot_id)
);
