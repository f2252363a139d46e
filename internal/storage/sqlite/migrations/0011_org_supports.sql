-- Folkmoot schema version 11 (sqlite): organisations support issues through
-- their verified representatives, counted apart from people's supports;
-- and the names given to new accounts become random codes.
CREATE TABLE org_supports (
    issue_id   INTEGER NOT NULL REFERENCES issues(id),
    org_id     INTEGER NOT NULL REFERENCES organisations(id),
    user_id    INTEGER NOT NULL REFERENCES users(id), -- the representative who acted
    created_at INTEGER NOT NULL,
    PRIMARY KEY (issue_id, org_id)
) WITHOUT ROWID;
CREATE INDEX org_supports_org ON org_supports(org_id, created_at);

-- Names given before were the first bytes of an unkeyed SHA-256 of the
-- address: anyone knowing an address could find that person's issues.
-- Replace every name of that form not chosen by its holder with a random one.
UPDATE users SET display_name = 'Participant ' || upper(hex(randomblob(3)))
 WHERE display_name GLOB 'Participant [0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]';
