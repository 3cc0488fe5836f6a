-- Runs on PostgreSQL and H2, like V1.

-- 1. A certificate's row is written before it is signed (ADR 0006): status RESERVED, no DER yet. The serial,
--    partition slot and request id are taken at that point, so nothing the CA signs can go unrecorded.
ALTER TABLE ca.certificate ALTER COLUMN der DROP NOT NULL;
ALTER TABLE ca.certificate DROP CONSTRAINT ck_certificate_status;
ALTER TABLE ca.certificate ADD CONSTRAINT ck_certificate_status
    CHECK (status IN ('RESERVED', 'GOOD', 'ON_HOLD', 'REVOKED'));
ALTER TABLE ca.certificate DROP CONSTRAINT ck_certificate_revoked;
ALTER TABLE ca.certificate ADD CONSTRAINT ck_certificate_revoked
    CHECK (status IN ('RESERVED', 'GOOD') OR revoked_at IS NOT NULL);
ALTER TABLE ca.certificate ADD CONSTRAINT ck_certificate_signed
    CHECK (status = 'RESERVED' OR der IS NOT NULL);
-- kind is now HOLDER | OCSP_SIGNER | CA: the CA certificates are recorded too, so that the primary key keeps
-- every serial of a CA unique, its own certificate's included.

-- 2. The key each CA's records belong to (ADR 0005). Written on the first start against this schema; a key store
--    holding another key (say, recreated with create-missing=true) is refused at start-up instead of publishing
--    CRLs and OCSP answers for certificates it never signed.
CREATE TABLE ca.issuing_key (
    issuing_ca        VARCHAR(16)  NOT NULL,
    public_key_sha256 VARCHAR(64)  NOT NULL,   -- lowercase hex SHA-256 of the CA's SubjectPublicKeyInfo
    serial            VARCHAR(40)  NOT NULL,   -- its CA certificate, a row of ca.certificate (kind CA)
    subject           VARCHAR(1000) NOT NULL,
    recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_issuing_key PRIMARY KEY (issuing_ca),
    CONSTRAINT fk_issuing_key_certificate FOREIGN KEY (issuing_ca, serial) REFERENCES ca.certificate (issuing_ca, serial)
);
