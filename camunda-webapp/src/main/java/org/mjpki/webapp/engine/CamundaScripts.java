package org.mjpki.webapp.engine;

import java.sql.Connection;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The SQL scripts Camunda ships in its engine jar, run as they are. The next Camunda version's migration runs
 * {@code org/camunda/bpm/engine/db/upgrade/<vendor>_engine_7.24_to_7.25.sql} the same way.
 */
final class CamundaScripts {

    private static final String CREATE = "org/camunda/bpm/engine/db/create/activiti.%s.create.%s.sql";
    /** In the order Camunda itself creates them. */
    private static final List<String> COMPONENTS = List.of("engine", "history", "identity", "case.engine",
            "case.history", "decision.engine", "decision.history");

    private CamundaScripts() {}

    static List<String> create(String vendor) {
        return COMPONENTS.stream().map(c -> String.format(CREATE, vendor, c)).toList();
    }

    static void run(Connection connection, String script) {
        ClassPathResource resource = new ClassPathResource(script);
        if (!resource.exists()) {
            throw new IllegalStateException("Camunda's script " + script + " is not on the classpath");
        }
        ScriptUtils.executeSqlScript(connection, new EncodedResource(resource, "UTF-8"));
    }
}
