package org.mjpki.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mjpki.workers.WorkersProperties.Client.Transport;
import org.mjpki.workers.runtime.TaskTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

/** Which transport the workers run on (ADR 0031): chosen by {@code mjpki.workers.client.transport}. */
class WorkerTransportChoiceTest {

    /** What the server declares: the engine's Java API. */
    private static final TaskTransport ENGINE_API = new TaskTransport() {
        @Override
        public String name() {
            return "engine-api";
        }

        @Override
        public Connection connect(Lane lane) {
            throw new UnsupportedOperationException("not started in this test");
        }
    };

    private static String chosen(Transport transport, TaskTransport inProcess) {
        WorkersProperties properties = new WorkersProperties(null, null, null, null, null,
                new WorkersProperties.Client(null, transport, null, "w", "p", null, null), null, null, null, null);
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        if (inProcess != null) {
            beans.registerSingleton("engineApiTaskTransport", inProcess);
        }
        ObjectProvider<TaskTransport> provider = beans.getBeanProvider(TaskTransport.class);
        return new WorkersConfiguration().workerRuntime(List.of(), properties, new MockEnvironment(), provider)
                .transport().name();
    }

    @Test
    void byDefaultTheEngineApiWhereTheEngineRunsInTheProcessAndRestElsewhere() {
        assertThat(chosen(null, ENGINE_API)).isEqualTo("engine-api");
        assertThat(chosen(Transport.AUTO, ENGINE_API)).isEqualTo("engine-api");
        assertThat(chosen(Transport.AUTO, null)).isEqualTo("rest");
    }

    @Test
    void restWhenToldEvenBesideTheEngine() {
        assertThat(chosen(Transport.REST, ENGINE_API)).isEqualTo("rest");
        assertThat(chosen(Transport.REST, null)).isEqualTo("rest");
    }

    @Test
    void theEngineApiWithoutAnEngineInTheProcessIsRefusedAtStartNamingTheSetting() {
        assertThat(chosen(Transport.ENGINE_API, ENGINE_API)).isEqualTo("engine-api");
        assertThatThrownBy(() -> chosen(Transport.ENGINE_API, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mjpki.workers.client.transport=engine-api").hasMessageContaining("transport=rest");
    }
}
