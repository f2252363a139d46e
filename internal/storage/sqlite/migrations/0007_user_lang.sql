-- Folkmoot schema version 7 (SQLite): each user's language.
--
-- users.lang is the language the user chose for pages and emails: 'en',
-- 'cy', or '' while they have not chosen (pages then follow the browser,
-- emails are in English). people.Service.SetLanguage validates it.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT '';
