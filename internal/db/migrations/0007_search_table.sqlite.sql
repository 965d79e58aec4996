-- PostgreSQL moves its full-text vectors to a narrow table in this step; SQLite's FTS5 table
-- (org_fts) already is one.
SELECT 1;
