package org.mjpki.ca.publication;

import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mjpki.ca.CertificateAuthorityException;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.embedded.CaKeyRing;
import org.mjpki.ca.embedded.CaPolicy;
import org.mjpki.ca.embedded.CrlScope;
import org.mjpki.ca.embedded.CrlService;
import org.mjpki.ca.embedded.PublishedCrl;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Publishes CRLs and CA certificates to anonymous relying parties:
 * <ul>
 *   <li>{@code GET /pki/crl/{ca}/{medium}/{partition}.crl} complete CRL of a partition</li>
 *   <li>{@code GET /pki/crl/{ca}/{medium}/{partition}-delta.crl} its delta CRL</li>
 *   <li>{@code GET /pki/crl/{ca}/ca.crt} the issuing CA certificate (AIA caIssuers)</li>
 * </ul>
 * {@code ca} is {@code mjpki.ca.signing.path} / {@code mjpki.ca.user-auth.path}; {@code medium} is {@code card} or {@code smartphone}.
 */
@RestController
public class CrlController {
    static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");
    static final MediaType PKIX_CERT = MediaType.parseMediaType("application/pkix-cert");
    private static final Pattern CRL_FILE = Pattern.compile("(0|[1-9][0-9]{0,5})(-delta)?\\.crl");
    private static final Duration MAX_CACHE = Duration.ofMinutes(5);

    private final CrlService crls;
    private final CaPolicy policy;
    private final CaKeyRing keys;

    public CrlController(CrlService crls, CaPolicy policy, CaKeyRing keys) {
        this.crls = crls;
        this.policy = policy;
        this.keys = keys;
    }

    @GetMapping(CaPolicy.CRL_PATH + "/{ca}/{medium}/{file}")
    public ResponseEntity<byte[]> crl(@PathVariable String ca, @PathVariable String medium, @PathVariable String file,
                                      WebRequest request) {
        IssuingCa issuingCa = policy.caByPath(ca);
        CertificateMedium m = CaPolicy.mediumByPath(medium);
        Matcher f = CRL_FILE.matcher(file);
        if (issuingCa == null || m == null || !f.matches()) {
            return ResponseEntity.notFound().build();
        }
        PublishedCrl.Kind kind = f.group(2) == null ? PublishedCrl.Kind.FULL : PublishedCrl.Kind.DELTA;
        Optional<PublishedCrl> crl;
        try {
            crl = crls.current(new CrlScope(issuingCa, m, Integer.parseInt(f.group(1))), kind);
        } catch (CertificateAuthorityException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30").build();
        }
        if (crl.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        PublishedCrl c = crl.get();
        String etag = "\"" + c.crlNumber() + "\"";
        if (request.checkNotModified(etag, c.thisUpdate().toEpochMilli())) {
            return null;
        }
        Duration left = Duration.between(Instant.now(), c.nextUpdate());
        long maxAge = Math.max(0, Math.min(left.getSeconds(), MAX_CACHE.getSeconds()));
        return ResponseEntity.ok().contentType(PKIX_CRL).eTag(etag).lastModified(c.thisUpdate())
                .cacheControl(CacheControl.maxAge(maxAge, TimeUnit.SECONDS).cachePublic())
                .body(c.der());
    }

    @GetMapping(CaPolicy.CRL_PATH + "/{ca}/ca.crt")
    public ResponseEntity<byte[]> caCertificate(@PathVariable String ca) throws CertificateEncodingException {
        IssuingCa issuingCa = policy.caByPath(ca);
        if (issuingCa == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(PKIX_CERT)
                .cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePublic())
                .body(keys.ca(issuingCa).certificate().getEncoded());
    }
}
