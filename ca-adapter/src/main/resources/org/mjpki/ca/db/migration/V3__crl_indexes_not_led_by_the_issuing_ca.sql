-- A look-up by primary key (issuing_ca, serial) -- OCSP, status, revocation, the issuing transaction's own update --
-- runs as a server-prepared statement whose generic plan PostgreSQL makes once per connection. On a table whose
-- statistics still say "empty" (a new deployment, a new partition of the load) the planner rated these two indexes,
-- which also began with issuing_ca, as good as the primary key and took one of them: every look-up then read every
-- certificate of that CA (2026-12-07, CaBenchmark: 3,400 rows read per look-up after 12,000 certificates, PostgreSQL's
-- CPU per certificate growing with the table). Led by the medium and partition they serve the CRL queries as before
-- (all three are equalities there) and match no look-up by serial.
DROP INDEX ca.ix_certificate_crl;
DROP INDEX ca.ix_certificate_delta;
CREATE INDEX ix_certificate_crl ON ca.certificate (medium, crl_partition, issuing_ca, status);
CREATE INDEX ix_certificate_delta ON ca.certificate (medium, crl_partition, issuing_ca, status_seq);
