-- R7: may biometrics stand in for the user-auth PIN on this set's phone model, as the device eligibility decision
-- said when the set was issued. NULL: not decided yet (a credential still being issued, or one from before V2).
-- Keep in step with ../h2/V2__credential_biometrics_allowed.sql.
ALTER TABLE smartphone_credential ADD COLUMN biometrics_allowed BOOLEAN;
