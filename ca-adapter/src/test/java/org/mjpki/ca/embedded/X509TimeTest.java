package org.mjpki.ca.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class X509TimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"1949-12-31T23:59:59Z", "1950-01-01T00:00:00Z", "2026-12-07T06:38:25.587Z",
            "2049-12-31T23:59:59.999Z", "2050-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"})
    void encodesAsBouncyCastlesTimeOfADateDoes(String at) throws Exception {
        Instant instant = Instant.parse(at);
        Time ours = X509Time.of(instant);
        Time theirs = new Time(Date.from(instant));

        assertThat(ours.getEncoded()).isEqualTo(theirs.getEncoded());
        assertThat(ours.getDate()).isEqualTo(Date.from(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        int year = Integer.parseInt(at.substring(0, 4));
        assertThat(ours.toASN1Primitive()).isInstanceOf(year >= 1950 && year <= 2049 ? ASN1UTCTime.class : ASN1GeneralizedTime.class);
    }
}
