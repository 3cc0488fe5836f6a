package org.mjpki.ca.bench;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OCSP benchmark's ceiling: the same server stack (Tomcat, Spring MVC, a controller returning bytes) answering fixed
 * bytes of an OCSP response's size, with no OCSP work at all. Whatever the load generator reaches here bounds what it
 * can show of the responder. Only in the benchmark's application ({@code mjpki.bench.static-response=true}).
 */
@RestController
@ConditionalOnProperty(name = "mjpki.bench.static-response", havingValue = "true")
public class StaticResponseController {
    static final String PATH = "/bench/static";
    private static final MediaType OCSP_RESPONSE = MediaType.parseMediaType("application/ocsp-response");

    /** What it answers: set by the benchmark to a real OCSP response of the responder under test. */
    final AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);

    @GetMapping(PATH + "/**")
    public ResponseEntity<byte[]> get() {
        return ResponseEntity.ok().contentType(OCSP_RESPONSE)
                .cacheControl(CacheControl.maxAge(60, TimeUnit.SECONDS).cachePublic()).body(body.get());
    }

    /** Reads the request body, as the responder's POST does, and throws it away. */
    @PostMapping(PATH)
    public ResponseEntity<byte[]> post(HttpServletRequest request) throws IOException {
        request.getInputStream().readAllBytes();
        return ResponseEntity.ok().contentType(OCSP_RESPONSE).cacheControl(CacheControl.noStore()).body(body.get());
    }
}
