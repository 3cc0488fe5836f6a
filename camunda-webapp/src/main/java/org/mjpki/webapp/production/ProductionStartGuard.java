package org.mjpki.webapp.production;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Refuses a start with the {@code production} profile while {@link ProductionReadiness} finds anything, before the
 * application context exists: nothing is created, no port is opened. Registered in {@code META-INF/spring.factories},
 * so it guards the server and the workers apart alike.
 */
public final class ProductionStartGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (!ProductionReadiness.requested(event.getEnvironment())) {
            return;
        }
        List<ProductionReadiness.Refusal> refusals = ProductionReadiness.refusals(event.getEnvironment());
        if (!refusals.isEmpty()) {
            throw new ProductionRefusedException(refusals);
        }
    }

    /** The start is refused; the message lists every setting to change (no value is ever printed). */
    public static final class ProductionRefusedException extends IllegalStateException {
        private final transient List<ProductionReadiness.Refusal> refusals;

        ProductionRefusedException(List<ProductionReadiness.Refusal> refusals) {
            super("mjpki refuses to start in production (see docs/production.md):\n"
                    + refusals.stream().map(r -> "  - " + r).collect(Collectors.joining("\n")));
            this.refusals = List.copyOf(refusals);
        }

        public List<ProductionReadiness.Refusal> refusals() {
            return refusals;
        }
    }
}
