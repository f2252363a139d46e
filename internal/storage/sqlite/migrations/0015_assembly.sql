-- Folkmoot schema version 15 (sqlite): who takes part in a round's
-- assembly, and in what part (internal/assembly).
CREATE TABLE assembly_people (
    cycle_id INTEGER NOT NULL REFERENCES cycles(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    role     TEXT NOT NULL, -- member | facilitator | board | committee
    added_at INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, role, user_id)
) WITHOUT ROWID;
CREATE INDEX assembly_people_user ON assembly_people(user_id, cycle_id);
