-- V10: when an issuance last waited for the JPKI system (the CA away, issue 16). The personalization deadline counts
-- the phone's time, not the JPKI system's: an issuance that waited for it within the deadline's period is given
-- another period (CheckPersonalizationDeadlineWorker), so that a long outage holds issuances up but never abandons them.
-- Keep in step with ../h2/V10__jpki_system_waits.sql.

ALTER TABLE application ADD COLUMN jpki_waited_at TIMESTAMP WITH TIME ZONE;
