package org.mjpki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.embedded.SerialNumberPolicy;
import org.mjpki.testsupport.PostgresTestDatabase;

class IssuanceTest {
    private final CaTestSupport t = CaTestSupport.postgres();

    @Test
    void sameRequestTwiceGivesTheSameCertificate() throws Exception {
        IssueRequest request = t.request(CertificateProfile.SMARTPHONE_SIGNING);
        IssuedCertificate first = t.ca.issue(request);
        IssuedCertificate again = t.ca.issue(request);
        assertThat(again.ref()).isEqualTo(first.ref());
        assertThat(again.certificate().getEncoded()).isEqualTo(first.certificate().getEncoded());
        assertThat(count("SELECT COUNT(*) FROM ca.certificate WHERE request_id = '" + request.requestId() + "'")).isEqualTo(1);
    }

    @Test
    void sameRequestIdWithOtherContentIsRefused() {
        IssueRequest request = t.request(CertificateProfile.SMARTPHONE_USER_AUTH);
        t.ca.issue(request);
        IssueRequest otherKey = new IssueRequest(request.requestId(), request.profile(), CaTestSupport.rsaKey().getPublic(),
                request.holder(), request.notAfter());
        // the pool may hand back the same key; force a different one
        KeyPair fresh = newRsa(2048);
        IssueRequest otherKey2 = new IssueRequest(request.requestId(), request.profile(), fresh.getPublic(),
                request.holder(), request.notAfter());
        IssueRequest otherDate = new IssueRequest(request.requestId(), request.profile(), request.subjectPublicKey(),
                request.holder(), request.notAfter().minus(Duration.ofDays(1)));
        IssueRequest otherProfile = new IssueRequest(request.requestId(), CertificateProfile.CARD_USER_AUTH,
                request.subjectPublicKey(), request.holder(), request.notAfter());
        for (IssueRequest r : List.of(otherKey2, otherDate, otherProfile)) {
            assertThatThrownBy(() -> t.ca.issue(r)).isInstanceOf(CertificateRequestRejectedException.class)
                    .hasMessageContaining("already used");
        }
        if (!otherKey.subjectPublicKey().equals(request.subjectPublicKey())) {
            assertThatThrownBy(() -> t.ca.issue(otherKey)).isInstanceOf(CertificateRequestRejectedException.class);
        }
    }

    @Test
    void concurrentIssuanceGivesUniqueSerialsAndOneCertificatePerRequest() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<IssueRequest> requests = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            requests.add(t.request(CertificateProfile.values()[i % 4]));
        }
        List<Callable<IssuedCertificate>> calls = new ArrayList<>();
        for (IssueRequest r : requests) {
            calls.add(() -> t.ca.issue(r));
            calls.add(() -> t.ca.issue(r));      // every request twice, racing itself
        }
        List<Future<IssuedCertificate>> results = pool.invokeAll(calls);
        pool.shutdown();
        Set<String> refs = new HashSet<>();
        for (int i = 0; i < results.size(); i += 2) {
            IssuedCertificate a = results.get(i).get();
            IssuedCertificate b = results.get(i + 1).get();
            assertThat(a.ref()).isEqualTo(b.ref());
            refs.add(a.ref().toString());
        }
        assertThat(refs).hasSize(requests.size());
        StringBuilder ids = new StringBuilder();
        for (IssueRequest r : requests) {
            ids.append(ids.length() == 0 ? "" : ",").append('\'').append(r.requestId()).append('\'');
        }
        assertThat(count("SELECT COUNT(*) FROM ca.certificate WHERE request_id IN (" + ids + ")")).isEqualTo(requests.size());
    }

    @Test
    void serialCollisionsAreRetriedWithAFreshSerial() throws Exception {
        // a deliberately repeating "random" source: every serial is drawn twice in a row
        SecureRandom repeating = new SecureRandom() {
            private final SecureRandom real = new SecureRandom();
            private byte[] last;
            private boolean repeat;
            @Override public synchronized void nextBytes(byte[] bytes) {
                if (repeat && last != null && last.length == bytes.length) {
                    System.arraycopy(last, 0, bytes, 0, bytes.length);
                } else {
                    real.nextBytes(bytes);
                    last = bytes.clone();
                }
                repeat = !repeat;
            }
        };
        PostgresTestDatabase db = PostgresTestDatabase.fresh();   // its own key store: its own database (ADR 0005)
        CaTestSupport colliding = CaTestSupport.create(CaTestSupport.pool(db.jdbcUrl(), db.username(), db.password()),
                CaTestSupport.defaults(), new SerialNumberPolicy(repeating, 16));
        // creating the keys drew each CA certificate's serial again for its OCSP signer: recorded, so redrawn
        for (IssuingCa which : IssuingCa.values()) {
            assertThat(colliding.keys.ocspSigner(which).certificate().getSerialNumber())
                    .isNotEqualTo(colliding.keys.ca(which).certificate().getSerialNumber());
        }
        IssuedCertificate a = colliding.issue(CertificateProfile.CARD_USER_AUTH);
        IssuedCertificate b = colliding.issue(CertificateProfile.SMARTPHONE_USER_AUTH);
        assertThat(b.ref().serial()).isNotEqualTo(a.ref().serial());
        assertThat(colliding.ca.status(b.ref()).state()).isEqualTo(CertificateStatus.State.GOOD);
        // every collision was caught before signing: each serial recorded once per CA, every row signed (the two CAs
        // may share a serial: uniqueness is per issuer, RFC 5280 4.1.2.2)
        try (Connection c = colliding.dataSource.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT issuing_ca || ':' || serial), COUNT(der) "
                     + "FROM ca.certificate")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(6).isEqualTo(rs.getLong(2)).isEqualTo(rs.getLong(3));   // 2 CA, 2 OCSP, 2 holder
        }
    }

    @Test
    void theDatabaseRefusesADuplicateSerialWithinACaAcrossProfiles() throws Exception {
        IssuedCertificate card = t.issue(CertificateProfile.CARD_SIGNING);
        try (Connection c = PostgresTestDatabase.shared().connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ca.certificate (issuing_ca, serial, request_id, request_hash, "
                     + "kind, profile, medium, crl_partition, holder_ref, not_before, not_after, issued_at, status, status_seq, der) "
                     + "SELECT issuing_ca, serial, 'dup-' || request_id, request_hash, kind, 'SMARTPHONE_SIGNING', 'SMARTPHONE', 0, "
                     + "holder_ref, not_before, not_after, issued_at, status, status_seq, der FROM ca.certificate "
                     + "WHERE issuing_ca = 'SIGNING' AND serial = ?")) {
            ps.setString(1, card.ref().serialHex());
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("pk_certificate");
        }
    }

    @Test
    void serialsAreLongPositiveAndRandom() {
        SerialNumberPolicy serials = new SerialNumberPolicy(new SecureRandom(), 16);
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            BigInteger s = serials.next();
            assertThat(s.signum()).isPositive();
            assertThat(s.bitLength()).isBetween(65, 127);
            assertThat(s.toByteArray().length).isLessThanOrEqualTo(20);
            seen.add(s);
        }
        assertThat(seen).hasSize(10_000);
        assertThatThrownBy(() -> new SerialNumberPolicy(new SecureRandom(), 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badKeysAreRefused() throws Exception {
        assertRejected(withKey(newRsa(1024).getPublic()), "2048");
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        assertRejected(withKey(dsa.generateKeyPair().getPublic()), "unsupported");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        assertThat(t.ca.issue(withKey(ec.generateKeyPair().getPublic())).certificate()).isNotNull();
        // a "modulus" with a small factor
        java.security.interfaces.RSAPublicKey good = (java.security.interfaces.RSAPublicKey) newRsa(2048).getPublic();
        BigInteger bad = good.getModulus().subtract(good.getModulus().mod(BigInteger.valueOf(3))).add(BigInteger.valueOf(3));
        if (bad.bitLength() == 2048) {
            var spec = new java.security.spec.RSAPublicKeySpec(bad.testBit(0) ? bad : bad.add(BigInteger.valueOf(3)), good.getPublicExponent());
            assertRejected(withKey(java.security.KeyFactory.getInstance("RSA").generatePublic(spec)), "small factor");
        }
        // the CA's own key
        assertRejected(withKey(t.ca.caCertificates().get(0).getPublicKey()), "key of this CA");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        IssueRequest ok = t.request(CertificateProfile.SMARTPHONE_SIGNING);
        assertRejected(new IssueRequest(null, ok.profile(), ok.subjectPublicKey(), ok.holder(), ok.notAfter()), "request id");
        assertRejected(new IssueRequest("x".repeat(201), ok.profile(), ok.subjectPublicKey(), ok.holder(), ok.notAfter()), "request id");
        assertRejected(new IssueRequest(ok.requestId(), null, ok.subjectPublicKey(), ok.holder(), ok.notAfter()), "profile");
        assertRejected(new IssueRequest(ok.requestId(), ok.profile(), null, ok.holder(), ok.notAfter()), "public key");
        assertRejected(new IssueRequest(ok.requestId(), ok.profile(), ok.subjectPublicKey(), null, ok.notAfter()), "holder");
        assertRejected(new IssueRequest(ok.requestId(), ok.profile(), ok.subjectPublicKey(), ok.holder(), null), "notAfter");
        assertRejected(new IssueRequest(ok.requestId(), ok.profile(), ok.subjectPublicKey(), ok.holder(),
                java.time.Instant.now().minusSeconds(5)), "not in the future");
        java.time.Instant caEnd = t.ca.caCertificates().get(0).getNotAfter().toInstant();
        assertRejected(new IssueRequest(ok.requestId(), ok.profile(), ok.subjectPublicKey(), ok.holder(),
                caEnd.plusSeconds(1)), "CA certificate's notAfter");
        Holder badSex = new Holder("h", "n", java.time.LocalDate.of(1990, 1, 1), "Q", "a");
        assertRejected(new IssueRequest(ok.requestId(), ok.profile(), ok.subjectPublicKey(), badSex, ok.notAfter()), "sex");
        assertThat(count("SELECT COUNT(*) FROM ca.certificate WHERE request_id = '" + ok.requestId() + "'")).isZero();
        // exactly the CA's notAfter is fine
        assertThat(t.ca.issue(new IssueRequest(ok.requestId(), ok.profile(), ok.subjectPublicKey(), ok.holder(), caEnd))
                .certificate().getNotAfter().toInstant()).isEqualTo(caEnd);
    }

    @Test
    void csrsAreCheckedForWellFormednessAndProofOfPossession() throws Exception {
        KeyPair kp = newRsa(2048);
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=phone"), kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())).getEncoded();
        assertThat(CertificateSigningRequests.verifiedPublicKey(csr)).isEqualTo(kp.getPublic());

        byte[] tampered = csr.clone();
        tampered[tampered.length - 10] ^= 0x01;                        // in the signature
        assertThatThrownBy(() -> CertificateSigningRequests.verifiedPublicKey(tampered))
                .isInstanceOf(CertificateRequestRejectedException.class).hasMessageContaining("does not verify");
        KeyPair other = newRsa(2048);                                   // signed by a key it does not carry
        byte[] foreign = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=phone"), kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(other.getPrivate())).getEncoded();
        assertThatThrownBy(() -> CertificateSigningRequests.verifiedPublicKey(foreign))
                .isInstanceOf(CertificateRequestRejectedException.class);
        for (byte[] junk : new byte[][] {null, {}, {0x30}, {0x30, 0x03, 0x02, 0x01, 0x01}, "hello".getBytes(),
                java.util.Arrays.copyOf(csr, csr.length / 2), new byte[20_000]}) {
            assertThatThrownBy(() -> CertificateSigningRequests.verifiedPublicKey(junk))
                    .isInstanceOf(CertificateRequestRejectedException.class);
        }
    }

    private IssueRequest withKey(java.security.PublicKey key) {
        return new IssueRequest(CaTestSupport.id(), CertificateProfile.SMARTPHONE_USER_AUTH, key,
                CaTestSupport.holder(), t.notAfter());
    }

    private void assertRejected(IssueRequest r, String message) {
        assertThatThrownBy(() -> t.ca.issue(r)).isInstanceOf(CertificateRequestRejectedException.class)
                .hasMessageContaining(message);
    }

    private static KeyPair newRsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) {
        try (Connection c = t.dataSource.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
