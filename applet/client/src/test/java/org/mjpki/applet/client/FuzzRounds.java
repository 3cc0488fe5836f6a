package org.mjpki.applet.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The long rounds of a fuzz property: {@code -Dmjpki.fuzz.rounds=N} runs every property of the class N tries instead of
 * the tries it declares (what CI runs), {@code -Dmjpki.fuzz.seed=S} replays jqwik's seed S. Remembers the tries each
 * property ran, for the class's report and its floor on the APDUs sent.
 */
final class FuzzRounds implements AroundPropertyHook {

    static final String ROUNDS = "mjpki.fuzz.rounds";
    static final String SEED = "mjpki.fuzz.seed";

    private static final Map<String, Integer> TRIES = new ConcurrentHashMap<>();

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String rounds = System.getProperty(ROUNDS);
        if (rounds != null && !rounds.isBlank()) {
            context.attributes().setTries(Integer.parseInt(rounds.trim()));
        }
        String seed = System.getProperty(SEED);
        if (seed != null && !seed.isBlank()) {
            context.attributes().setSeed(seed.trim());
        }
        TRIES.put(context.targetMethod().getName(), context.attributes().tries().orElseThrow(
                () -> new IllegalStateException(context.targetMethod().getName() + " declares no tries")));
        return property.execute();
    }

    /** The tries {@code property} ran with, or 0 when it did not run. */
    static int tries(String property) {
        return TRIES.getOrDefault(property, 0);
    }
}
