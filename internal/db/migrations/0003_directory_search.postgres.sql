-- Full-text index over the folded search text that package translit computes in Go, so SQLite and
-- PostgreSQL index exactly the same words. 'simple' neither stems nor drops words: folding has
-- already done everything language-specific.
ALTER TABLE organizations ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX organizations_search ON organizations USING GIN (search_vector);
