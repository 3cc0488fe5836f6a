-- V6: a password or PIN lock is released (or the secret reset) by a request the holder signs with the card (R9, issue 13,
-- ADR 0020); recorded once per nonce like the other signed requests, so a replay is refused. Its reason column names the
-- secret (SIGNING_PASSWORD or USER_AUTH_PIN), never a value of it.
-- Keep in step with ../postgresql/V6__lock_release_requests.sql.

ALTER TABLE holder_request DROP CONSTRAINT holder_request_kind_known;
ALTER TABLE holder_request ADD CONSTRAINT holder_request_kind_known CHECK (kind IN ('REVOCATION','HOLD_RELEASE','LOCK_RELEASE'));
