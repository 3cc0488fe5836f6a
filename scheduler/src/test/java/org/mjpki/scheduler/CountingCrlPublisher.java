package org.mjpki.scheduler;

import java.util.concurrent.atomic.AtomicInteger;
import org.mjpki.ca.CrlPublisher;

/** Stands in for the CA's publisher: the scheduler's job is to call it, the CA's tests cover what it does. */
class CountingCrlPublisher implements CrlPublisher {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public int republishAll() {
        calls.incrementAndGet();
        return 0;
    }
}
