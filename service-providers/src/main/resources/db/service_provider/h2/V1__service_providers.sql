-- V1: the whitelist of service providers' return URLs (R17, ADR 0025). Keep in step with ../postgresql/V1__service_providers.sql.

-- A service provider whose application J-LIS approved: ACTIVE until WITHDRAWN, which is final. Never deleted.
CREATE TABLE service_provider (
    service_provider_id VARCHAR(64)  NOT NULL,
    name                VARCHAR(200) NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT service_provider_pk PRIMARY KEY (service_provider_id),
    CONSTRAINT service_provider_status_known CHECK (status IN ('ACTIVE','WITHDRAWN')),
    CONSTRAINT service_provider_name_not_blank CHECK (LENGTH(TRIM(name)) > 0)
);

-- Its apps (Android package names, iOS bundle ids), as the Mynaportal app names its caller. An app belongs to one
-- provider: the app id is the key.
CREATE TABLE service_provider_app (
    app_id              VARCHAR(255) NOT NULL,
    service_provider_id VARCHAR(64)  NOT NULL REFERENCES service_provider (service_provider_id),
    registered_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT service_provider_app_pk PRIMARY KEY (app_id)
);
CREATE INDEX service_provider_app_by_provider ON service_provider_app (service_provider_id);

-- Its return URLs, each the exact canonical text (ReturnUrl) that a check must equal. Withdrawing one sets withdrawn_at;
-- the row stays, and registering the same text again adds a new row. At most one current row per provider and text:
-- H2 has no partial index, so a generated column holds the text of a current row only (NULLs are distinct).
CREATE TABLE return_url (
    return_url_id       VARCHAR(64)   NOT NULL,
    service_provider_id VARCHAR(64)   NOT NULL REFERENCES service_provider (service_provider_id),
    url                 VARCHAR(2048) NOT NULL,
    registered_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    withdrawn_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT return_url_pk PRIMARY KEY (return_url_id),
    CONSTRAINT return_url_https CHECK (url LIKE 'https://%'),
    CONSTRAINT return_url_withdrawn_after_registered CHECK (withdrawn_at IS NULL OR withdrawn_at >= registered_at)
);
CREATE INDEX return_url_by_provider ON return_url (service_provider_id, url);
ALTER TABLE return_url ADD COLUMN current_url VARCHAR(2048)
    GENERATED ALWAYS AS (CASE WHEN withdrawn_at IS NULL THEN url END);
ALTER TABLE return_url ADD CONSTRAINT return_url_one_current UNIQUE (service_provider_id, current_url);

-- The audit trail: one row per change, in the transaction of the change. Only ever added to.
CREATE TABLE service_provider_change (
    change_id           BIGINT GENERATED ALWAYS AS IDENTITY,
    service_provider_id VARCHAR(64)   NOT NULL REFERENCES service_provider (service_provider_id),
    operator_user_id    VARCHAR(64)   NOT NULL,
    changed_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    action              VARCHAR(32)   NOT NULL,
    subject             VARCHAR(2048) NOT NULL,
    before_state        VARCHAR(16),
    after_state         VARCHAR(16)   NOT NULL,
    detail              VARCHAR(4096) NOT NULL,
    CONSTRAINT service_provider_change_pk PRIMARY KEY (change_id),
    CONSTRAINT service_provider_change_action_known CHECK (action IN ('PROVIDER_REGISTERED','APP_ADDED',
        'RETURN_URL_ADDED','RETURN_URL_WITHDRAWN','PROVIDER_WITHDRAWN'))
);
CREATE INDEX service_provider_change_by_provider ON service_provider_change (service_provider_id, change_id);

-- History is never deleted: no row of these tables goes, and an app or an audit row never changes (the PostgreSQL
-- migration's triggers, here in Java: migration.RefuseHistoryChange).
CREATE TRIGGER service_provider_never_deleted BEFORE DELETE ON service_provider
    FOR EACH ROW CALL 'org.mjpki.serviceprovider.migration.RefuseHistoryChange';
CREATE TRIGGER return_url_never_deleted BEFORE DELETE ON return_url
    FOR EACH ROW CALL 'org.mjpki.serviceprovider.migration.RefuseHistoryChange';
CREATE TRIGGER service_provider_app_append_only BEFORE UPDATE, DELETE ON service_provider_app
    FOR EACH ROW CALL 'org.mjpki.serviceprovider.migration.RefuseHistoryChange';
CREATE TRIGGER service_provider_change_append_only BEFORE UPDATE, DELETE ON service_provider_change
    FOR EACH ROW CALL 'org.mjpki.serviceprovider.migration.RefuseHistoryChange';
