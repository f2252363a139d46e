-- Folkmoot schema version 21 (sqlite): the public consultation on a
-- round's recommendations (internal/consult).
CREATE TABLE consult_rounds (
    cycle_id   INTEGER PRIMARY KEY REFERENCES cycles(id),
    status     TEXT NOT NULL,        -- open | closed
    opened_at  INTEGER NOT NULL DEFAULT 0,
    closed_at  INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

-- Questions organisers add to one recommendation, in English and Welsh;
-- options is a JSON list of {"en", "cy"} (kind choice).
CREATE TABLE consult_questions (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    rec_id     INTEGER NOT NULL REFERENCES rec_items(id),
    kind       TEXT NOT NULL,        -- choice | scale
    text       TEXT NOT NULL,
    text_cy    TEXT NOT NULL,
    options    TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
);
CREATE INDEX consult_questions_cycle ON consult_questions(cycle_id, id);

-- One person's answers on one recommendation. respondent is a random id,
-- the same for all of a person's responses in a round, the only one
-- published. The free text is sealed (row "<cycle>:<rec>:<user>") until an
-- organiser approves it; comment_public then holds it, without a name.
CREATE TABLE consult_responses (
    id             INTEGER PRIMARY KEY,
    cycle_id       INTEGER NOT NULL REFERENCES cycles(id),
    rec_id         INTEGER NOT NULL REFERENCES rec_items(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    respondent     TEXT NOT NULL,
    agree          TEXT NOT NULL,    -- agree | disagree | unsure
    answers        TEXT NOT NULL DEFAULT '{}', -- JSON: question id -> value
    comment_sealed TEXT NOT NULL DEFAULT '',
    comment_status TEXT NOT NULL DEFAULT '',  -- '' | pending | approved | rejected
    comment_public TEXT NOT NULL DEFAULT '',
    comment_at     INTEGER NOT NULL DEFAULT 0,
    decided_at     INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER NOT NULL,
    UNIQUE (cycle_id, rec_id, user_id)
);
CREATE INDEX consult_responses_user ON consult_responses(cycle_id, user_id);
CREATE INDEX consult_responses_status ON consult_responses(cycle_id, comment_status);
