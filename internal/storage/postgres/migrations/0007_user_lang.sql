-- Folkmoot schema version 7 (PostgreSQL): each user's language.
--
-- users.lang is the language the user chose for pages and emails: 'en',
-- 'cy', or '' while they have not chosen (pages then follow the browser,
-- emails are in English). people.Service.SetLanguage validates it. Adding a
-- column with a constant default rewrites no rows (PostgreSQL 11 and later).
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT '';
