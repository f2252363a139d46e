-- Folkmoot schema version 3 (SQLite): email addresses sealed at rest.
--
-- users.email becomes email_lookup (keeping NOT NULL UNIQUE): the hex
-- HMAC-SHA256 lookup token of the normalised address. The address itself
-- goes to users.email_sealed and signin_tokens.email_sealed, encrypted
-- (AES-256-GCM, see internal/sealed). SQL cannot encrypt, so this file
-- moves the plain addresses to unsealed_emails, and a Go step run after it
-- in the same transaction (sqlstore.sealEmails) seals them with the data key
-- and drops that table. Without a key, a database holding addresses fails to
-- migrate and is left as it was.
CREATE TABLE unsealed_emails (
    kind  TEXT NOT NULL, -- 'user' (ref = users.id) or 'signin' (ref = signin_tokens.hash)
    ref   TEXT NOT NULL,
    email TEXT NOT NULL
);
INSERT INTO unsealed_emails(kind, ref, email) SELECT 'user', CAST(id AS TEXT), email FROM users;
INSERT INTO unsealed_emails(kind, ref, email) SELECT 'signin', hash, email FROM signin_tokens;

ALTER TABLE users RENAME COLUMN email TO email_lookup;
UPDATE users SET email_lookup = 'unsealed:' || CAST(id AS TEXT);
ALTER TABLE users ADD COLUMN email_sealed TEXT NOT NULL DEFAULT '';

ALTER TABLE signin_tokens ADD COLUMN email_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE signin_tokens DROP COLUMN email;
