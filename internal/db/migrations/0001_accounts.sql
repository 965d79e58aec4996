-- Accounts, sessions, API tokens, audit log and rate limits: the platform core.
CREATE TABLE users (
    id {{id}},
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{time}} NOT NULL,
    updated_at {{time}} NOT NULL
);

-- Sessions are kept server-side so that any app server can serve any request. Only the SHA-256
-- of the cookie's token is stored: a copy of the database does not let anyone sign in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at {{time}} NOT NULL,
    expires_at {{time}} NOT NULL,
    seen_at {{time}} NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at {{time}} NOT NULL,
    last_used_at {{time}},
    revoked_at {{time}}
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The audit log is written in the same transaction as the change it records. actor_id is kept as
-- a plain number (no foreign key) so that erasing a person leaves the history of what was done.
CREATE TABLE audit_log (
    id {{id}},
    at {{time}} NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- Rate-limit events live in the database so the limit holds across app servers.
CREATE TABLE rate_events (
    bucket TEXT NOT NULL,
    at {{time}} NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, at);
