package org.mjpki.linked.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's short form, as CI runs it: 2,000 bulk-loaded sets, and the sweep does exactly what the long runs
 * measure — every due certificate revoked once, the renewed sets ended — whatever the machine's speed (no time is
 * asserted: the figures are the long runs', in the README).
 */
class LinkedRevocationBenchmarkTest {

    @Test
    void theShortFormFindsAndRevokesExactlyTheLinkedCertificates() throws Exception {
        int sets = 2_000;
        LinkedRevocationBenchmark.Result result = LinkedRevocationBenchmark.run(sets, 50);
        long signing = BulkLinks.signingRevoked(sets);
        long both = BulkLinks.bothRevoked(sets);
        assertThat(result.links()).isEqualTo(2L * sets);
        assertThat(result.newlyFound()).as("one finding per revoked card certificate").isEqualTo(signing + both);
        assertThat(result.dueCertificates()).isEqualTo(signing + both);
        assertThat(result.revoked()).isEqualTo(signing + both);
        assertThat(result.setsTouched()).as("every set with a revoked card certificate").isEqualTo(signing);
        assertThat(result.setsEnded()).as("renewed: both kinds gone").isEqualTo(both);
        assertThat(result.revokeSeconds()).isPositive();
        System.out.println(result);
    }
}
