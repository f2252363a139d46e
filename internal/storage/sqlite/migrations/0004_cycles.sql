-- Folkmoot schema version 4 (SQLite): a round ("cycle") moves through
-- phases, each with planned dates; every move is kept as its public
-- timeline; people can follow a round.
ALTER TABLE cycles RENAME COLUMN name TO title;
ALTER TABLE cycles ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE cycles ADD COLUMN phase TEXT NOT NULL DEFAULT 'gather'; -- cycle.Phase
ALTER TABLE cycles ADD COLUMN phase_since INTEGER NOT NULL DEFAULT 0;

-- One row per planned phase (0 = no date).
CREATE TABLE cycle_plan (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id),
    phase    TEXT    NOT NULL,
    starts   INTEGER NOT NULL DEFAULT 0,
    ends     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cycle_id, phase)
) WITHOUT ROWID;

-- The timeline: the round's creation (from_phase '') and every move.
CREATE TABLE cycle_moves (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    from_phase TEXT    NOT NULL DEFAULT '',
    to_phase   TEXT    NOT NULL,
    actor_id   INTEGER REFERENCES users(id), -- NULL: the command line or the system
    note       TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX cycle_moves_cycle ON cycle_moves(cycle_id, id);

CREATE TABLE cycle_follows (
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, user_id)
) WITHOUT ROWID;
CREATE INDEX cycle_follows_user ON cycle_follows(user_id, cycle_id);

-- Rounds made before phases: the gather window becomes the Gather phase's
-- plan; a round whose window has closed is in the Agenda phase since then.
INSERT INTO cycle_plan(cycle_id, phase, starts, ends) SELECT id, 'gather', gather_opens, gather_closes FROM cycles;
UPDATE cycles SET
    phase       = CASE WHEN gather_closes <= CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER) THEN 'agenda' ELSE 'gather' END,
    phase_since = gather_opens;
UPDATE cycles SET phase_since = gather_closes WHERE phase = 'agenda';
INSERT INTO cycle_moves(cycle_id, from_phase, to_phase, at) SELECT id, '', 'gather', gather_opens FROM cycles;
INSERT INTO cycle_moves(cycle_id, from_phase, to_phase, at) SELECT id, 'gather', 'agenda', gather_closes FROM cycles WHERE phase = 'agenda';

DROP INDEX cycles_programme;
ALTER TABLE cycles DROP COLUMN gather_opens;
ALTER TABLE cycles DROP COLUMN gather_closes;
CREATE INDEX cycles_programme ON cycles(programme_id, created_at);
