-- The directory: places of the programme area, sectors, organisations, clusters and their members,
-- contacts, editors and claims. It is the one registry every later capability points at.
CREATE TABLE districts (
    id {{id}},
    code TEXT NOT NULL UNIQUE,          -- e.g. BG-vidin, RS-nisavski
    country TEXT NOT NULL,
    name_latin TEXT NOT NULL,
    name_native TEXT NOT NULL,
    nuts TEXT NOT NULL DEFAULT '',
    in_area BOOLEAN NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION
);

CREATE TABLE places (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    district_id BIGINT REFERENCES districts (id),
    parent_id BIGINT REFERENCES places (id),   -- a city municipality's city (Niška Banja → Niš)
    kind TEXT NOT NULL CHECK (kind IN ('municipality', 'city', 'city-municipality')),
    name_latin TEXT NOT NULL,
    name_native TEXT NOT NULL,
    in_area BOOLEAN NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    name_key TEXT NOT NULL
);
CREATE INDEX places_district ON places (district_id);
CREATE INDEX places_name_key ON places (name_key);

CREATE TABLE sectors (
    id {{id}},
    slug TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    nace_revision TEXT NOT NULL,        -- '2' today; Rev. 2.1 changes letters from J on
    nace TEXT NOT NULL                  -- comma-separated sections/divisions, e.g. 'C13,C14'
);

CREATE TABLE organizations (
    id {{id}},
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL DEFAULT '',
    name_latin TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('cluster', 'cluster-initiative', 'company', 'public-body', 'association', 'foundation', 'education', 'other')),
    size TEXT NOT NULL DEFAULT '' CHECK (size IN ('', 'micro', 'small', 'medium', 'large')),
    country TEXT NOT NULL,
    place_id BIGINT REFERENCES places (id),
    district_id BIGINT REFERENCES districts (id),
    city TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    reg_no TEXT NOT NULL DEFAULT '',
    reg_kind TEXT NOT NULL DEFAULT '',
    founded INTEGER NOT NULL DEFAULT 0,
    employees INTEGER NOT NULL DEFAULT 0,
    logo TEXT NOT NULL DEFAULT '',
    public BOOLEAN NOT NULL DEFAULT TRUE,
    name_key TEXT NOT NULL,             -- folded names, for duplicates and ranking
    search_text TEXT NOT NULL,          -- folded names, places, sectors, descriptions: what full-text indexes
    created_at {{time}} NOT NULL,
    updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX organizations_regno ON organizations (country, reg_no) WHERE reg_no <> '';
CREATE INDEX organizations_name_key ON organizations (name_key);
CREATE INDEX organizations_facets ON organizations (public, country, kind, district_id, place_id, size);
CREATE INDEX organizations_created ON organizations (created_at);

CREATE TABLE org_descriptions (
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (org_id, locale)
);

CREATE TABLE org_sectors (
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    sector_id BIGINT NOT NULL REFERENCES sectors (id),
    PRIMARY KEY (org_id, sector_id)
);
CREATE INDEX org_sectors_sector ON org_sectors (sector_id, org_id);

CREATE TABLE org_nace (
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    PRIMARY KEY (org_id, code)
);

CREATE TABLE memberships (
    id {{id}},
    cluster_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('founder', 'member', 'associate', 'partner')),
    since TEXT NOT NULL DEFAULT '',
    until TEXT NOT NULL DEFAULT '',
    UNIQUE (cluster_id, member_id)
);
CREATE INDEX memberships_member ON memberships (member_id, cluster_id);

CREATE TABLE contacts (
    id {{id}},
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    consent BOOLEAN NOT NULL DEFAULT FALSE,
    consent_at {{time}},
    created_at {{time}} NOT NULL,
    updated_at {{time}} NOT NULL
);
CREATE INDEX contacts_org ON contacts (org_id);

CREATE TABLE org_editors (
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    granted_at {{time}} NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_editors_user ON org_editors (user_id);

CREATE TABLE editor_claims (
    id {{id}},
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at {{time}} NOT NULL,
    decided_at {{time}},
    decided_by BIGINT
);
CREATE INDEX editor_claims_status ON editor_claims (status, created_at);
