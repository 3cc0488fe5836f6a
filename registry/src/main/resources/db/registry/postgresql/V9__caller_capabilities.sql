-- V9: an operation is read and driven only by the app instance that started it (issue 15, ADR 0026). When an app
-- starts an application (or device change), a revocation, a hold release, a lock release or a signing
-- re-registration, the server hands it a random capability once and keeps only its SHA-256 (lowercase hex) here, on
-- the operation's own row; the set an application made is the application's app instance's too. Rows written before
-- V9 have none: no app can reach them by id.
-- Keep in step with ../h2/V9__caller_capabilities.sql.

ALTER TABLE application ADD COLUMN caller_capability_sha256 VARCHAR(64);
ALTER TABLE holder_request ADD COLUMN caller_capability_sha256 VARCHAR(64);
