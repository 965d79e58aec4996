-- PostgreSQL drops word positions from its vectors in this step; SQLite's FTS5 table needs no change.
SELECT 1;
