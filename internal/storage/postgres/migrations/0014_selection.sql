-- Folkmoot schema version 14 (postgres): the selection of a round's assembly
-- (internal/lottery): the quotas and the state of the lottery, the frozen
-- pool and the engine's files, and the people drawn with their answers.
CREATE TABLE selections (
    cycle_id      BIGINT PRIMARY KEY REFERENCES cycles(id),
    panel_size    INTEGER NOT NULL,
    algorithm     TEXT NOT NULL,
    tickets       INTEGER NOT NULL,
    seed          TEXT NOT NULL DEFAULT '',
    quotas        TEXT NOT NULL DEFAULT '[]',  -- JSON: [{category, value, min, max, census}]
    state         TEXT NOT NULL,
    run           INTEGER NOT NULL DEFAULT 0,
    job_id        BIGINT NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT '',
    list_hash     TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    announced_at  BIGINT NOT NULL DEFAULT 0,
    public_seed   TEXT NOT NULL DEFAULT '',
    ticket        INTEGER NOT NULL DEFAULT 0,
    selected      TEXT NOT NULL DEFAULT '',    -- ids, space-separated, as drawn
    reserves      TEXT NOT NULL DEFAULT '',    -- ids, space-separated, in order
    replacements  TEXT NOT NULL DEFAULT '[]',  -- JSON: [{out, in, at}]
    drawn_at      BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE selection_files (
    cycle_id BIGINT NOT NULL REFERENCES cycles(id),
    name     TEXT NOT NULL,
    data     BYTEA NOT NULL,
    PRIMARY KEY (cycle_id, name)
);

CREATE TABLE selection_members (
    cycle_id   BIGINT NOT NULL REFERENCES cycles(id),
    member_id  TEXT NOT NULL,
    position   INTEGER NOT NULL,
    status     TEXT NOT NULL,
    reserve    INTEGER NOT NULL DEFAULT 0,
    token_hash TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, member_id)
);
CREATE INDEX selection_members_token ON selection_members(token_hash) WHERE token_hash <> '';
