-- V5: a found phone's hold is released by a request the holder signs with the card (R10, issue 12); it is recorded
-- once per nonce like a revocation signed on the phone, so a replay is refused.
-- Keep in step with ../h2/V5__hold_release_requests.sql.

ALTER TABLE holder_request DROP CONSTRAINT holder_request_kind_known;
ALTER TABLE holder_request ADD CONSTRAINT holder_request_kind_known CHECK (kind IN ('REVOCATION','HOLD_RELEASE'));
