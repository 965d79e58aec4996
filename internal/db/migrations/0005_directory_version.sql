-- A counter that every change to the directory increments in its own transaction. App servers
-- keep an in-memory facet index and reload it when the counter moves, so several servers stay
-- consistent without talking to each other.
CREATE TABLE directory_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO directory_state (id, version) VALUES (1, 0);
