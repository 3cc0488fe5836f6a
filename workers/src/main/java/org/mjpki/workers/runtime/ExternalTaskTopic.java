package org.mjpki.workers.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The topic a worker serves, how long it locks a task, and the lane that runs it. Read by {@link WorkerRuntime}
 * at start-up: one external task client per lane fetches that lane's topics.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ExternalTaskTopic {

    /** The topic, e.g. {@code ca.issue-certificate}; use the constants of the process, never a literal. */
    String value();

    /** Lock duration in milliseconds: longer than the slowest call of this step (a phone, the JPKI system). */
    long lockDuration() default 30_000;

    WorkerLane lane();

    /**
     * The process variables the worker reads (none by default: the application id is the business key and the
     * rest is in the registry). Fetching only these keeps each fetch small; every variable of the instance would
     * be read, serialized and sent with every task otherwise.
     */
    String[] variables() default {};
}
