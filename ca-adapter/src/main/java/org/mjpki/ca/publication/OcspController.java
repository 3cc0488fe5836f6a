package org.mjpki.ca.publication;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.mjpki.ca.CertificateMedium;
import org.mjpki.ca.IssuingCa;
import org.mjpki.ca.embedded.CaPolicy;
import org.mjpki.ca.embedded.OcspResponder;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 6960 OCSP over HTTP (appendix A): {@code POST /pki/ocsp/{ca}/{medium}} with an
 * application/ocsp-request body, or {@code GET /pki/ocsp/{ca}/{medium}/{url-encoded base64 request}}.
 * Every well-routed request gets HTTP 200 with an OCSPResponse; malformed input, and a body (POST) or decoded
 * request (GET) over {@link OcspResponder#MAX_REQUEST_BYTES}, gets malformedRequest.
 */
@RestController
public class OcspController {
    static final MediaType OCSP_RESPONSE = MediaType.parseMediaType("application/ocsp-response");

    private final OcspResponder responder;
    private final CaPolicy policy;

    public OcspController(OcspResponder responder, CaPolicy policy) {
        this.responder = responder;
        this.policy = policy;
    }

    @PostMapping(CaPolicy.OCSP_PATH + "/{ca}/{medium}")
    public ResponseEntity<byte[]> post(@PathVariable String ca, @PathVariable String medium, HttpServletRequest request) {
        IssuingCa issuingCa = policy.caByPath(ca);
        CertificateMedium m = CaPolicy.mediumByPath(medium);
        if (issuingCa == null || m == null) {
            return ResponseEntity.notFound().build();
        }
        byte[] body = null;
        // a declared length over the limit is refused unread; an undeclared one (chunked) is read up to the limit
        if (request.getContentLengthLong() <= OcspResponder.MAX_REQUEST_BYTES) {
            try {
                body = readAtMost(request.getInputStream(), OcspResponder.MAX_REQUEST_BYTES);
            } catch (IOException e) {
                body = null;
            }
        }
        byte[] response = body == null ? OcspResponder.status(OCSPResponseStatus.MALFORMED_REQUEST)
                : responder.respond(issuingCa, m, body);
        return ResponseEntity.ok().contentType(OCSP_RESPONSE).cacheControl(CacheControl.noStore()).body(response);
    }

    @GetMapping(CaPolicy.OCSP_PATH + "/{ca}/{medium}/**")
    public ResponseEntity<byte[]> get(@PathVariable String ca, @PathVariable String medium, HttpServletRequest request) {
        IssuingCa issuingCa = policy.caByPath(ca);
        CertificateMedium m = CaPolicy.mediumByPath(medium);
        if (issuingCa == null || m == null) {
            return ResponseEntity.notFound().build();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String prefix = CaPolicy.OCSP_PATH + "/" + ca + "/" + medium + "/";
        byte[] der = null;
        if (path.startsWith(prefix) && path.length() - prefix.length() <= 4 * OcspResponder.MAX_REQUEST_BYTES) {
            try {
                der = Base64.getDecoder().decode(percentDecode(path.substring(prefix.length())));
            } catch (IllegalArgumentException e) {
                der = null;
            }
        }
        byte[] response = der == null ? OcspResponder.status(OCSPResponseStatus.MALFORMED_REQUEST)
                : responder.respond(issuingCa, m, der);
        return ResponseEntity.ok().contentType(OCSP_RESPONSE)
                .cacheControl(CacheControl.maxAge(60, TimeUnit.SECONDS).cachePublic()).body(response);
    }

    /** Percent-decoding that leaves '+' alone (it is a base64 character here, not a space). */
    static String percentDecode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > max) {
                return null;
            }
        }
        return out.toByteArray();
    }
}
