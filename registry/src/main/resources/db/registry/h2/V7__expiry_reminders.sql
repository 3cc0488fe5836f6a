-- V7: reminders before a set's card-aligned expiry (R3, issue 14): one row per set and offset (days before the card
-- certificate's notAfter), claimed before the push and marked sent after it, so that every reminder goes out once
-- per set whatever the number of nodes and restarts (the push itself is idempotent by its id).
-- Keep in step with ../postgresql/V7__expiry_reminders.sql.

CREATE TABLE expiry_reminder (
    credential_set_id   VARCHAR(64) NOT NULL REFERENCES credential_set (credential_set_id),
    days_before         INTEGER     NOT NULL,
    claimed_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at             TIMESTAMP WITH TIME ZONE,
    CONSTRAINT expiry_reminder_pk PRIMARY KEY (credential_set_id, days_before),
    CONSTRAINT expiry_reminder_days_positive CHECK (days_before > 0)
);

CREATE INDEX credential_set_by_card_not_after ON credential_set (card_not_after);
