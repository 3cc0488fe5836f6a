package org.mjpki.webapp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.CertificateRef;
import org.mjpki.ca.CertificateStatus;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.embedded.CaPolicy;
import org.mjpki.ca.embedded.OcspResponder;
import org.mjpki.lifecycle.KeyRole;
import org.mjpki.registry.CredentialKey;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.webapp.ServerOnPostgres;
import org.mjpki.webapp.fuzz.HostileOcspRequests.Expect;
import org.mjpki.webapp.fuzz.HostileOcspRequests.OcspCase;
import org.mjpki.webapp.fuzz.HostileOcspRequests.Route;
import org.mjpki.webapp.issuance.EndToEndOnPostgres;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 16, hostile input at volume: the OCSP responders over HTTP, as any relying party (or anyone) reaches them, get
 * random bytes, real requests for a real holder's certificates truncated, bit-flipped and otherwise mutated, DER of the
 * wrong type, huge lengths, deep nesting, oversized bodies, wrong content types and framings, bad base64 and bad
 * percent-encoding in GET. A responder the server has answers every one with HTTP 200 and an OCSPResponse that parses —
 * malformedRequest, or successful where the input is a request after all —, one it does not have answers 404, and
 * nothing answers 5xx; the CA's records do not change.
 *
 * <p>{@code -Dmjpki.fuzz.rounds=N} sets the number of requests ({@value #CI_ROUNDS} in CI), {@code -Dmjpki.fuzz.seed=S}
 * replays a run.
 */
class OcspFuzzEndToEndTest extends EndToEndOnPostgres {

    /** What CI sends: about 15 s on the project's machine (1,000 requests a second). */
    static final int CI_ROUNDS = 15_000;

    @Autowired CaPolicy policy;

    @Test
    void hostileOcspRequestsAreAnsweredMalformedRequestAndChangeNothing() throws Exception {
        FuzzSettings settings = FuzzSettings.fromSystemProperties(CI_ROUNDS);
        SimulatedHolder holder = newHolder();
        String applicationId = world.app().issue(holder, DEADLINE).applicationId();
        String setId = world.app().learnCredentialSet(holder, applicationId).orElseThrow();

        List<Route> routes = new ArrayList<>();
        for (IssuingCa issuing : IssuingCa.values()) {
            for (CertificateMedium medium : CertificateMedium.values()) {
                routes.add(new Route(policy.identity(issuing).path(), CaPolicy.mediumPath(medium)));
            }
        }
        List<CredentialKey> keys = List.of(registry.key(setId, KeyRole.SIGNING).orElseThrow(),
                registry.key(setId, KeyRole.USER_AUTH).orElseThrow());
        Random random = new Random();
        HostileOcspRequests requests = new HostileOcspRequests(random, routes, realRequests(keys),
                otherDer(), OcspResponder.MAX_REQUEST_BYTES);
        RawHttp http = new RawHttp("localhost", ServerOnPostgres.port());
        FuzzFindings findings = new FuzzFindings(settings);

        ServerState before = ServerState.settled(() -> ServerState.read(sql(), runtime, history), Duration.ofSeconds(60));
        long started = System.nanoTime();
        int successful = 0;
        for (int i = 0; i < settings.rounds(); i++) {
            random.setSeed(settings.seedFor(i));
            OcspCase c = requests.next();
            findings.sent();
            RawHttp.Response response;
            long sent = System.nanoTime();
            try {
                response = http.send(c.request());
            } catch (UncheckedIOException e) {
                findings.found(c.description(), "no answer: " + e.getMessage());
                continue;
            }
            findings.took(c.description(), System.nanoTime() - sent);
            successful += check(c, response, findings) ? 1 : 0;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        ServerState after = ServerState.read(sql(), runtime, history);

        System.out.printf("OCSP fuzz: %d requests to %d responders in %d s, %d answered successful (%s)%s%n", settings.rounds(),
                routes.size(), took.toSeconds(), successful, settings.replay(), findings.tally());
        findings.stateChanged(before.changesIn(after));
        assertThat(findings.any()).as(findings.report("OCSP fuzz")).isFalse();
        for (CredentialKey key : keys) {
            assertThat(ca.status(new CertificateRef(IssuingCa.valueOf(key.issuingCa()), key.serial())).state())
                    .as(key.role().name()).isEqualTo(CertificateStatus.State.GOOD);
        }
    }

    /** Checks one answer; true when it was a successful OCSP response. */
    private static boolean check(OcspCase c, RawHttp.Response response, FuzzFindings findings) {
        int status = response.status();
        findings.checkBody(c.description(), response.body());
        if (status >= 500) {
            findings.answered(status, "");
            findings.found(c.description(), "answered " + status);
            return false;
        }
        boolean ocsp = status == 200 && (c.expect() == Expect.OCSP_ANSWER || c.expect() == Expect.OCSP_ANSWER_OR_BAD_REQUEST);
        if (!ocsp) {
            findings.answered(status, "");
            boolean expected = switch (c.expect()) {
                case NOT_FOUND -> status == 404;
                case NOT_FOUND_OR_BAD_REQUEST -> status == 404 || status == 400;
                case REFUSED -> status >= 400 && status < 500;
                case OCSP_ANSWER_OR_BAD_REQUEST -> status == 400;
                case OCSP_ANSWER -> false;
            };
            if (!expected) {
                findings.found(c.description(), "answered " + status + " where " + c.expect() + " was due");
            }
            return false;
        }
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith("application/ocsp-response")) {
            findings.answered(status, "not an OCSP response");
            findings.found(c.description(), "answered 200 as " + type);
            return false;
        }
        OCSPResp answer;
        try {
            answer = new OCSPResp(response.body());
        } catch (IOException | RuntimeException e) {
            findings.answered(status, "unreadable");
            findings.found(c.description(), "an OCSPResponse that does not parse (" + response.body().length + " bytes)");
            return false;
        }
        findings.answered(status, "OCSP status " + answer.getStatus());
        if (answer.getStatus() == OCSPResp.SUCCESSFUL) {
            try {
                if (!(answer.getResponseObject() instanceof BasicOCSPResp basic) || basic.getResponses().length == 0) {
                    findings.found(c.description(), "a successful response without answers");
                }
            } catch (Exception e) {
                findings.found(c.description(), "a successful response whose answers do not parse");
            }
            return true;
        }
        if (answer.getStatus() != OCSPResp.MALFORMED_REQUEST || c.unmodified()) {
            findings.found(c.description(), "OCSP status " + answer.getStatus() + " where "
                    + (c.unmodified() ? "successful" : "malformedRequest (or successful)") + " was due");
        }
        return false;
    }

    /** Well-formed requests for the holder's two certificates: each alone, both, with and without a nonce, SHA-1 and SHA-256. */
    private List<byte[]> realRequests(List<CredentialKey> keys) throws Exception {
        List<byte[]> requests = new ArrayList<>();
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        DigestCalculator sha1 = digests.get(CertificateID.HASH_SHA1);
        DigestCalculator sha256 = digests.get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
        List<CertificateID> ids = new ArrayList<>();
        for (CredentialKey key : keys) {
            X509Certificate issuer = ca.caCertificates().get(IssuingCa.valueOf(key.issuingCa()).ordinal());
            for (DigestCalculator digest : List.of(sha1, sha256)) {
                CertificateID id = new CertificateID(digest, new JcaX509CertificateHolder(issuer), key.serial());
                ids.add(id);
                requests.add(request(List.of(id), null));
                requests.add(request(List.of(id), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
            }
        }
        requests.add(request(ids, new byte[] {42}));
        requests.add(request(List.of(new CertificateID(sha1, new JcaX509CertificateHolder(ca.caCertificates().get(0)),
                BigInteger.ONE)), null));
        return requests;
    }

    private static byte[] request(List<CertificateID> ids, byte[] nonce) throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder();
        ids.forEach(builder::addRequest);
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(nonce)))));
        }
        return builder.build().getEncoded();
    }

    /** DER that is not an OCSP request. */
    private List<byte[]> otherDer() throws CertificateEncodingException {
        return List.of(ca.caCertificates().get(0).getEncoded(), ca.caCertificates().get(1).getEncoded(),
                OcspResponder.status(1), new byte[] {0x02, 0x01, 0x00}, new byte[] {0x05, 0x00}, new byte[] {0x30, 0x00},
                new byte[] {0x30, (byte) 0x80, 0x00, 0x00}, new byte[] {0x04, 0x00}, new byte[] {0x30, 0x03, 0x0A, 0x01, 0x01});
    }
}
