package org.mjpki.ca.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The OCSP benchmark's short form, as CI runs it (wrk is in .ci/apt-packages): it must measure every target and print
 * its table; how fast anything is, is not asserted. What is asserted is behaviour: mjpki signs nothing while measured
 * (a request costs a lookup), and no target answers an error.
 */
class OcspBenchmarkTest {

    @Test
    void theShortFormMeasuresEveryTargetAndTheResponderSignsNothingWhileMeasured() throws Exception {
        assertThat(Wrk.installed()).as("wrk on the PATH (apt-get install -y wrk)").isTrue();
        OcspBenchmark.Report report = OcspBenchmark.run(new OcspBenchmark.Settings(30, 1, 8, 1, 1), System.out::println);
        System.out.println(report.text());
        assertThat(report.rounds()).hasSize(1);
        OcspBenchmark.Round round = report.rounds().get(0);
        for (Wrk.Result r : round.all()) {
            assertThat(r.requestsPerSecond()).as(r.what()).isPositive();
            assertThat(r.p50()).as(r.what()).isPositive();
            assertThat(r.p99()).as(r.what()).isGreaterThanOrEqualTo(r.p50());
            assertThat(r.clean()).as(r.what() + ": no socket errors, no HTTP errors").isTrue();
        }
        assertThat(round.signaturesWhileMeasured()).isZero();
        assertThat(report.text()).contains("openssl ocsp (peer)", "static bytes, same stack (ceiling)", "| 1 | mjpki |");
    }

    @Test
    void wrksOutputIsRead() {
        String out = """
                Running 10s test @ http://127.0.0.1:8080
                  2 threads and 64 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     3.10ms    2.05ms  40.12ms   85.00%
                    Req/Sec    10.50k     1.20k   13.00k    70.00%
                  Latency Distribution
                     50%  612.00us
                     75%    2.00ms
                     90%    5.00ms
                     99%    1.20s
                  209876 requests in 10.00s, 350.00MB read
                  Socket errors: connect 0, read 3, write 0, timeout 1
                  Non-2xx or 3xx responses: 2
                Requests/sec:  20987.60
                Transfer/sec:     35.00MB
                """;
        Wrk.Result r = Wrk.parse("x", out);
        assertThat(r.requestsPerSecond()).isEqualTo(20987.60);
        assertThat(r.p50()).isEqualTo(0.612);
        assertThat(r.p99()).isEqualTo(1200.0);
        assertThat(r.requests()).isEqualTo(209876);
        assertThat(r.socketErrors()).isEqualTo(4);
        assertThat(r.non2xx()).isEqualTo(2);
        assertThat(r.clean()).isFalse();
    }
}
