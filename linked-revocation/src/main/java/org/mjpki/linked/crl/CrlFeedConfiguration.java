package org.mjpki.linked.crl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The sweep's card statuses from a card CA's CRLs instead of the embedded CA, with {@code
 * mjpki.linked-revocation.feed=crl} and {@code mjpki.linked-revocation.crl.*}:
 * <ul>
 *   <li>{@code issuing-ca}: the card CA's name as the registry's links spell it (required);</li>
 *   <li>{@code ca-certificate}: path of the CA certificate, PEM or DER, whose key signs the CRLs (required);</li>
 *   <li>{@code complete-url} (required), {@code delta-url} (optional);</li>
 *   <li>{@code batch-size} (10000), {@code max-size} (512MB), {@code connect-timeout} (10s), {@code read-timeout} (60s),
 *       {@code download-timeout} (30m).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mjpki.linked-revocation.feed", havingValue = "crl")
public class CrlFeedConfiguration {

    /** Primary as well as exclusive: the embedded default is made only when the feed is not "crl". */
    @Bean
    @Primary
    CrlCardRevocationFeed crlCardRevocationFeed(
            DataSource dataSource,
            @Value("${mjpki.linked-revocation.crl.issuing-ca}") String issuingCa,
            @Value("${mjpki.linked-revocation.crl.ca-certificate}") String caCertificate,
            @Value("${mjpki.linked-revocation.crl.complete-url}") String completeUrl,
            @Value("${mjpki.linked-revocation.crl.delta-url:}") String deltaUrl,
            @Value("${mjpki.linked-revocation.crl.batch-size:10000}") int batchSize,
            @Value("${mjpki.linked-revocation.crl.max-size:512MB}") String maxSize,
            @Value("${mjpki.linked-revocation.crl.connect-timeout:10s}") String connectTimeout,
            @Value("${mjpki.linked-revocation.crl.read-timeout:60s}") String readTimeout,
            @Value("${mjpki.linked-revocation.crl.download-timeout:30m}") String downloadTimeout) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(duration(connectTimeout, "connect-timeout"))
                // a moved distribution point is followed, but never from https down to http
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        long maxBytes = DataSize.parse(maxSize.trim()).toBytes();
        CrlCardRevocationFeed.Limits limits = new CrlCardRevocationFeed.Limits(batchSize, maxBytes,
                duration(readTimeout, "read-timeout"), duration(downloadTimeout, "download-timeout"));
        URI delta = deltaUrl == null || deltaUrl.isBlank() ? null : URI.create(deltaUrl.trim());
        return new CrlCardRevocationFeed(issuingCa.trim(), certificate(Path.of(caCertificate.trim())),
                URI.create(completeUrl.trim()), delta, http, new JdbcTemplate(dataSource), limits);
    }

    /** "60s" or "PT60S" alike, parsed here so that it does not depend on the context's conversion service. */
    private static Duration duration(String value, String property) {
        try {
            return DurationStyle.detectAndParse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mjpki.linked-revocation.crl." + property + " is not a duration: " + value,
                    e);
        }
    }

    /** The first certificate in the file; the JDK's X.509 factory reads DER and PEM alike. */
    static X509Certificate certificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("mjpki.linked-revocation.crl.ca-certificate " + file
                    + " is not a readable X.509 certificate (PEM or DER): " + e.getMessage(), e);
        }
    }
}
