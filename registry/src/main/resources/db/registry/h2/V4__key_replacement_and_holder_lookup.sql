-- V4: the re-issue of a certificate (a found phone's signing certificate, R10; the linked revocation, R4) keeps the
-- replacement key and its certificate beside the live ones until the applet holds both; and the call center finds a
-- caller's set by the four facts on their card without the facts being stored (ADR 0018).
-- Keep in step with ../postgresql/V4__key_replacement_and_holder_lookup.sql (H2, the embedded default).

CREATE TABLE credential_set_key_replacement (
    credential_set_id   VARCHAR(64)  NOT NULL,
    key_role            VARCHAR(16)  NOT NULL,
    -- the case that re-issues it (a hold release, a sweep): one replacement per key at a time
    case_id             VARCHAR(64)  NOT NULL,
    public_key          VARBINARY    NOT NULL,
    issuing_ca          VARCHAR(16),
    serial              NUMERIC(50),
    certificate         VARBINARY,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (credential_set_id, key_role),
    FOREIGN KEY (credential_set_id, key_role) REFERENCES credential_set_key (credential_set_id, key_role)
);

-- KEY: a key's certificate re-issued (audit rows of the key, beside those of the set and of the applet)
ALTER TABLE credential_set_transition DROP CONSTRAINT credential_set_transition_aspect_known;
ALTER TABLE credential_set_transition ADD CONSTRAINT credential_set_transition_aspect_known
    CHECK (aspect IN ('SET','APPLET','KEY'));

-- A keyed digest (HMAC-SHA-256, hex) of the four facts of the holder's card certificate (name, birth date, sex,
-- address, normalized), recorded when an application's card signature is verified. The key is not in the database,
-- so neither the facts nor a dictionary of them can be read back from here.
CREATE TABLE holder_lookup (
    holder_ref          VARCHAR(128) PRIMARY KEY,
    facts_digest        VARCHAR(64)  NOT NULL,
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX holder_lookup_by_digest ON holder_lookup (facts_digest);
