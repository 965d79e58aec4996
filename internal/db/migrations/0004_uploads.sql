-- Files held between a preview and its confirmation (CSV imports). Kept in the database, not on
-- one server's disk, so the confirmation may reach any app server.
CREATE TABLE uploads (
    token TEXT PRIMARY KEY,
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    data {{bytes}} NOT NULL,
    created_at {{time}} NOT NULL
);
CREATE INDEX uploads_created ON uploads (created_at);
