package org.mjpki.webapp.faults;

/**
 * How big a reliability run is: CI's short form by default, the long rounds from system properties
 * ({@code mjpki.faults.rounds}, {@code .holders}, {@code .strikes}, {@code .parallel}, {@code .seed}), as the README's
 * "Reliability" section runs them.
 */
record FaultRun(String test, int rounds, int holders, int strikes, int parallel, long seed) {

    static FaultRun fromSystemProperties(Class<?> test, int holders, int strikes) {
        FaultRun run = new FaultRun(test.getSimpleName(), Integer.getInteger("mjpki.faults.rounds", 1),
                Integer.getInteger("mjpki.faults.holders", holders), Integer.getInteger("mjpki.faults.strikes", strikes),
                Integer.getInteger("mjpki.faults.parallel", 6), Long.getLong("mjpki.faults.seed", System.nanoTime()));
        System.out.println(run);
        return run;
    }

    void report(String what) {
        System.out.printf("%s: %d round(s) of %d holders (%d side by side), seed %d: %s%n", test, rounds, holders, parallel,
                seed, what);
    }
}
