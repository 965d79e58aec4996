-- Uploaded pictures (organisation logos; later event photos and galleries), already validated and
-- re-encoded. Kept in the database so that any app server can serve any picture without shared
-- disks. The name carries a hash of the content, so a served picture never changes.
CREATE TABLE media (
    name TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    data {{bytes}} NOT NULL,
    created_at {{time}} NOT NULL
);
