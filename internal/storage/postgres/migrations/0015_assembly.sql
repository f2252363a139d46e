-- Folkmoot schema version 15 (postgres): who takes part in a round's
-- assembly, and in what part (internal/assembly).
CREATE TABLE assembly_people (
    cycle_id BIGINT NOT NULL REFERENCES cycles(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    role     TEXT NOT NULL, -- member | facilitator | board | committee
    added_at BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, role, user_id)
);
CREATE INDEX assembly_people_user ON assembly_people(user_id, cycle_id);
