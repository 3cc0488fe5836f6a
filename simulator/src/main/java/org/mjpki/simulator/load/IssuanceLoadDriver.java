package org.mjpki.simulator.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mjpki.simulator.SimulatedWorld;
import org.mjpki.simulator.app.IssuanceTimeline;
import org.mjpki.simulator.app.SimulatedHolder;
import org.mjpki.simulator.phone.DeviceFacts;

/**
 * Many holders applying at once, each through the simulated app over the app API, at the pace of the world's
 * timings. The holders (a test card each, a phone each) are made before the clock starts: they are the
 * outside world, not the work measured. Bounded in count and time; talks only to the server it was given.
 */
public final class IssuanceLoadDriver {

    private final SimulatedWorld world;

    public IssuanceLoadDriver(SimulatedWorld world) {
        this.world = world;
    }

    /** What one run did: every holder's timeline and how long the whole run took. */
    public record Run(List<IssuanceTimeline> timelines, List<String> failures, Duration elapsed) {

        public long completed() {
            return timelines.stream().filter(IssuanceTimeline::completed).count();
        }

        /** Completed issuances per second over the whole run. */
        public double perSecond() {
            return completed() / (elapsed.toNanos() / 1e9);
        }
    }

    /** Makes {@code count} holders with eligible phones, ready to apply. */
    public List<SimulatedHolder> holders(int count, DeviceFacts device) {
        List<SimulatedHolder> holders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            holders.add(world.newHolder(device));
        }
        return holders;
    }

    /**
     * Runs one issuance per holder, {@code concurrency} at a time, each given {@code timeout} to finish.
     */
    public Run run(List<SimulatedHolder> holders, int concurrency, Duration timeout) throws InterruptedException {
        if (concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException("concurrency must be 1..1000, not " + concurrency);
        }
        ExecutorService apps = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "load-holder");
            thread.setDaemon(true);
            return thread;
        });
        try {
            long start = System.nanoTime();
            List<Future<IssuanceTimeline>> running = new ArrayList<>();
            for (SimulatedHolder holder : holders) {
                running.add(apps.submit(() -> world.app().issueTimed(holder, timeout)));
            }
            List<IssuanceTimeline> timelines = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Future<IssuanceTimeline> issuance : running) {
                try {
                    timelines.add(issuance.get());
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            return new Run(timelines, failures, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            apps.shutdownNow();
        }
    }
}
