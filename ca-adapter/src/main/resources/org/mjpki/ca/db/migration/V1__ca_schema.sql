-- The embedded CA's records. Runs on PostgreSQL and H2 (schema "ca", created by Flyway).

-- Every certificate the CA signed: holder certificates of the four profiles and the CA's own
-- delegated OCSP signer certificates. The primary key makes serials unique per CA across all profiles.
CREATE TABLE ca.certificate (
    issuing_ca            VARCHAR(16)  NOT NULL,
    serial                VARCHAR(40)  NOT NULL,   -- lowercase hex, no leading zeros
    request_id            VARCHAR(200) NOT NULL,   -- the caller's idempotency key
    request_hash          VARCHAR(64)  NOT NULL,   -- SHA-256 of the request's content
    kind                  VARCHAR(16)  NOT NULL,   -- HOLDER | OCSP_SIGNER
    profile               VARCHAR(32),             -- CARD_SIGNING ... ; null for OCSP_SIGNER
    medium                VARCHAR(16),             -- CARD | SMARTPHONE; null for OCSP_SIGNER
    crl_partition         INTEGER      NOT NULL,   -- fixed at issuance; -1 for OCSP_SIGNER
    holder_ref            VARCHAR(200) NOT NULL,
    not_before            TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after             TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    status                VARCHAR(16)  NOT NULL,   -- GOOD | ON_HOLD | REVOKED
    revoked_at            TIMESTAMP WITH TIME ZONE, -- revocation or hold time
    revocation_reason     VARCHAR(32),             -- RevocationReason; CERTIFICATE_HOLD while held
    revocation_request_id VARCHAR(200),
    hold_released_at      TIMESTAMP WITH TIME ZONE, -- last release of a hold (removeFromCRL in delta CRLs)
    status_seq            BIGINT       NOT NULL,   -- the scope's status version at the last change
    der                   BYTEA        NOT NULL,
    CONSTRAINT pk_certificate PRIMARY KEY (issuing_ca, serial),
    CONSTRAINT uq_certificate_request UNIQUE (request_id),
    CONSTRAINT ck_certificate_status CHECK (status IN ('GOOD', 'ON_HOLD', 'REVOKED')),
    CONSTRAINT ck_certificate_revoked CHECK (status = 'GOOD' OR revoked_at IS NOT NULL)
);

CREATE INDEX ix_certificate_crl ON ca.certificate (issuing_ca, medium, crl_partition, status);
CREATE INDEX ix_certificate_delta ON ca.certificate (issuing_ca, medium, crl_partition, status_seq);
CREATE INDEX ix_certificate_holder ON ca.certificate (holder_ref);

-- Requests that revoked, held or released a certificate, for idempotency.
CREATE TABLE ca.status_request (
    request_id   VARCHAR(200) NOT NULL,
    operation    VARCHAR(16)  NOT NULL,   -- REVOKE | HOLD | RELEASE
    issuing_ca   VARCHAR(16)  NOT NULL,
    serial       VARCHAR(40)  NOT NULL,
    reason       VARCHAR(32),
    performed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_status_request PRIMARY KEY (request_id),
    CONSTRAINT fk_status_request_certificate FOREIGN KEY (issuing_ca, serial) REFERENCES ca.certificate (issuing_ca, serial)
);

-- One row per CRL partition (CA x medium x partition): counters of that CRL's scope.
CREATE TABLE ca.crl_scope (
    issuing_ca      VARCHAR(16) NOT NULL,
    medium          VARCHAR(16) NOT NULL,
    crl_partition   INTEGER     NOT NULL,
    live_count      BIGINT      NOT NULL,   -- unexpired certificates (bounds the CRL's size)
    status_version  BIGINT      NOT NULL,   -- bumped by every status change in the scope
    last_crl_number BIGINT      NOT NULL,   -- shared by complete and delta CRLs
    CONSTRAINT pk_crl_scope PRIMARY KEY (issuing_ca, medium, crl_partition)
);

-- Every CRL published, with its number; the DER is kept for the newest of each kind only.
CREATE TABLE ca.crl (
    issuing_ca      VARCHAR(16) NOT NULL,
    medium          VARCHAR(16) NOT NULL,
    crl_partition   INTEGER     NOT NULL,
    crl_number      BIGINT      NOT NULL,
    kind            VARCHAR(8)  NOT NULL,   -- FULL | DELTA
    base_crl_number BIGINT,                 -- delta CRLs: their base
    status_version  BIGINT      NOT NULL,
    this_update     TIMESTAMP WITH TIME ZONE NOT NULL,
    next_update     TIMESTAMP WITH TIME ZONE NOT NULL,
    entries         BIGINT      NOT NULL,
    der             BYTEA,
    CONSTRAINT pk_crl PRIMARY KEY (issuing_ca, medium, crl_partition, crl_number),
    CONSTRAINT fk_crl_scope FOREIGN KEY (issuing_ca, medium, crl_partition)
        REFERENCES ca.crl_scope (issuing_ca, medium, crl_partition)
);
