-- V8: linked revocation (R4, issue 14). Keep in step with ../postgresql/V8__linked_revocation.sql.

-- The link is per kind: each phone certificate follows the card certificate of its own kind (the phone signing
-- certificate the card signing certificate, the phone user-auth certificate the card user-auth certificate). The
-- serial is kept as the card CA and its CRLs write it (lowercase hex, no leading zeros), so that the sweep joins
-- links with the card CA's records and CRL entries without converting 128-bit numbers. Existing sets get their
-- signing link from credential_set (V8_1, a Java migration).
CREATE TABLE card_certificate_link (
    credential_set_id   VARCHAR(64) NOT NULL REFERENCES credential_set (credential_set_id),
    key_role            VARCHAR(16) NOT NULL,
    card_issuing_ca     VARCHAR(64) NOT NULL,
    card_serial         VARCHAR(40) NOT NULL,
    -- the card certificate itself when the link was made from it (its facts are what a re-issued signing certificate states)
    card_certificate    VARBINARY,
    linked_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT card_certificate_link_pk PRIMARY KEY (credential_set_id, key_role),
    CONSTRAINT card_certificate_link_role_known CHECK (key_role IN ('SIGNING','USER_AUTH'))
);
CREATE INDEX card_certificate_link_by_card ON card_certificate_link (card_issuing_ca, card_serial);

-- the card's user-auth certificate, whose key countersigned the application (ADR 0022): the set's user-auth link
ALTER TABLE application ADD COLUMN card_user_auth_issuing_ca VARCHAR(64);
ALTER TABLE application ADD COLUMN card_user_auth_serial VARCHAR(40);

-- One phone certificate can end before its set: a linked revocation of the signing certificate alone leaves the
-- user-auth certificate (and the set) live.
ALTER TABLE credential_set_key ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE credential_set_key ADD COLUMN revocation_reason VARCHAR(32);

-- The sweep's ledger: a live phone certificate whose linked card certificate was found revoked, when it was first
-- found (the grace period runs from then), and how it ended. One row per phone certificate role and card certificate:
-- a repeated or resumed sweep finds the row and never revokes twice, and a set re-registered under a new card
-- certificate is found again when that one is revoked.
CREATE TABLE linked_revocation (
    credential_set_id   VARCHAR(64) NOT NULL REFERENCES credential_set (credential_set_id),
    key_role            VARCHAR(16) NOT NULL,
    card_issuing_ca     VARCHAR(64) NOT NULL,
    card_serial         VARCHAR(40) NOT NULL,
    card_reason         VARCHAR(32) NOT NULL,
    found_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    found_by            VARCHAR(64) NOT NULL,
    -- REVOKED: the phone certificate was revoked by case_id; NOT_LIVE: it had ended otherwise before its turn
    outcome             VARCHAR(16),
    case_id             VARCHAR(64),
    ended_at            TIMESTAMP WITH TIME ZONE,
    CONSTRAINT linked_revocation_pk PRIMARY KEY (credential_set_id, key_role, card_issuing_ca, card_serial),
    CONSTRAINT linked_revocation_role_known CHECK (key_role IN ('SIGNING','USER_AUTH')),
    CONSTRAINT linked_revocation_outcome_known CHECK (outcome IS NULL OR outcome IN ('REVOKED','NOT_LIVE'))
);
-- the sweep pages through the open findings in key order
-- (the open findings are paged by the primary key: H2 has no partial indexes)

-- What the sweep leaves for the phone: pushes and remote deletes, drained by a job rather than thousands of
-- parallel branches. One row per set, kind and case: queuing again is a no-op.
CREATE TABLE holder_follow_up (
    credential_set_id   VARCHAR(64) NOT NULL REFERENCES credential_set (credential_set_id),
    kind                VARCHAR(16) NOT NULL,
    case_id             VARCHAR(64) NOT NULL,
    notification        VARCHAR(40),
    queued_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts            INTEGER     NOT NULL,
    next_attempt_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    done_at             TIMESTAMP WITH TIME ZONE,
    CONSTRAINT holder_follow_up_pk PRIMARY KEY (credential_set_id, kind, case_id),
    CONSTRAINT holder_follow_up_kind_known CHECK (kind IN ('PUSH','DELETE_APPLET'))
);
CREATE INDEX holder_follow_up_due ON holder_follow_up (next_attempt_at);

-- a holder registers the signing certificate again with the new card certificate (R4)
ALTER TABLE holder_request DROP CONSTRAINT holder_request_kind_known;
ALTER TABLE holder_request ALTER COLUMN kind SET DATA TYPE VARCHAR(32);
ALTER TABLE holder_request ADD CONSTRAINT holder_request_kind_known
    CHECK (kind IN ('REVOCATION','HOLD_RELEASE','LOCK_RELEASE','SIGNING_REREGISTRATION'));
