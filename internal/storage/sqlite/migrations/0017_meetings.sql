-- Folkmoot schema version 17 (sqlite): the assembly's meetings, their
-- registrations and expenses, and its discussion groups (internal/meeting).
CREATE TABLE meeting_sessions (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    title      TEXT NOT NULL,
    mode       TEXT NOT NULL,            -- in_person | online | hybrid
    starts_at  INTEGER NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    webcast    TEXT NOT NULL DEFAULT '',
    agenda     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX meeting_sessions_cycle ON meeting_sessions(cycle_id, starts_at);

-- Access needs are personal data, sealed with the data key.
CREATE TABLE meeting_registrations (
    session_id    INTEGER NOT NULL REFERENCES meeting_sessions(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    attendance    TEXT NOT NULL,         -- in_person | online | not_attending
    access_sealed TEXT NOT NULL,
    checked_in_at INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
) WITHOUT ROWID;

-- What an expense was for is sealed.
CREATE TABLE meeting_expenses (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES meeting_sessions(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    pence       INTEGER NOT NULL,
    what_sealed TEXT NOT NULL,
    paid_at     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX meeting_expenses_session ON meeting_expenses(session_id, user_id);

CREATE TABLE meeting_rankings (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    themes   TEXT NOT NULL,              -- theme ids, most wanted first, "4,2,7"
    PRIMARY KEY (cycle_id, user_id)
) WITHOUT ROWID;

CREATE TABLE meeting_allocations (
    cycle_id   INTEGER PRIMARY KEY REFERENCES cycles(id),
    settings   TEXT NOT NULL,            -- JSON
    method     TEXT NOT NULL,            -- optimal | best | greedy
    objective  REAL NOT NULL,
    summary    TEXT NOT NULL,            -- JSON, public: no names
    created_at INTEGER NOT NULL
);

CREATE TABLE meeting_groups (
    id          INTEGER PRIMARY KEY,
    cycle_id    INTEGER NOT NULL REFERENCES cycles(id),
    position    INTEGER NOT NULL,
    theme_id    INTEGER NOT NULL,
    theme_title TEXT NOT NULL,
    number      INTEGER NOT NULL,
    UNIQUE (cycle_id, position)
);

CREATE TABLE meeting_group_people (
    group_id INTEGER NOT NULL REFERENCES meeting_groups(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    seat     TEXT NOT NULL,              -- member | facilitator | board
    PRIMARY KEY (group_id, user_id, seat)
) WITHOUT ROWID;
CREATE INDEX meeting_group_people_user ON meeting_group_people(user_id, seat);

CREATE TABLE meeting_notes (
    group_id     INTEGER NOT NULL REFERENCES meeting_groups(id),
    session_id   INTEGER NOT NULL REFERENCES meeting_sessions(id),
    body         TEXT NOT NULL,
    author_id    INTEGER NOT NULL REFERENCES users(id),
    updated_at   INTEGER NOT NULL,
    published_at INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, session_id)
) WITHOUT ROWID;
