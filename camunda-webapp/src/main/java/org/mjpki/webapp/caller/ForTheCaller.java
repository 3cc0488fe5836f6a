package org.mjpki.webapp.caller;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.mjpki.registry.caller.CallerCapabilities.Operation;

/**
 * An app API call about one operation, named by a path variable, that only the app instance that started it
 * ({@link StartsAnOperation}) may make: {@link CallerCapabilityCheck} lets it through with that operation's capability
 * and answers 404 otherwise, as for an id that does not exist.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ForTheCaller {

    Operation value();

    /** The path variable holding the operation's id. */
    String pathVariable();
}
