package org.mjpki.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * The simulated world runs in this process: the simulator is on ({@code mjpki.simulator.enabled=true}) and the world is
 * not remote — embedded in the server, or this process is the world apart ({@link SimulatorProperties.World}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnExpression("${mjpki.simulator.enabled:false} and '${mjpki.simulator.world:embedded}'.toLowerCase() != 'remote'")
public @interface ConditionalOnSimulatedWorld {
}
