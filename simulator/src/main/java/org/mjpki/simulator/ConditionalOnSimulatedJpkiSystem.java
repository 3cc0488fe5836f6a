package org.mjpki.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * The simulated JPKI system runs in this process: the simulator is on and this process is the server, whose CA it is
 * (the world embedded, or remote); not a world apart ({@link SimulatorProperties.World}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnExpression("${mjpki.simulator.enabled:false} and '${mjpki.simulator.world:embedded}'.toLowerCase() != 'apart'")
public @interface ConditionalOnSimulatedJpkiSystem {
}
