-- Full-text index over the folded search text that package translit computes in Go, so SQLite and
-- PostgreSQL index exactly the same words. The rowid is the organisation's id.
CREATE VIRTUAL TABLE org_fts USING fts5(search_text, content='', contentless_delete=1, prefix='2 3 4', tokenize='unicode61');
