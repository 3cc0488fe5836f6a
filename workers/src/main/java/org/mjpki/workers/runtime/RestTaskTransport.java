package org.mjpki.workers.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;
import org.camunda.bpm.engine.variable.Variables;

/**
 * The engine's REST API through Camunda's external task client: one client per lane, long polling, the workers'
 * technical user on every call. What workers in a process of their own use, and what the server's own workers use
 * when told to ({@code transport: rest}).
 */
public final class RestTaskTransport implements TaskTransport {

    private final Supplier<URI> engineUrl;
    private final String username;
    private final String password;
    private final Duration asyncResponseTimeout;

    /** The engine URL is asked for at connect time: the server's own is known only once it listens. */
    public RestTaskTransport(Supplier<URI> engineUrl, String username, String password, Duration asyncResponseTimeout) {
        this.engineUrl = engineUrl;
        this.username = username;
        this.password = password;
        this.asyncResponseTimeout = asyncResponseTimeout;
    }

    @Override
    public String name() {
        return "rest";
    }

    @Override
    public Connection connect(Lane lane) {
        int threads = lane.threads();
        ExternalTaskClient client = ExternalTaskClient.create()
                .baseUrl(engineUrl.get().toString())
                .workerId(lane.workerId())
                .addInterceptor(new BasicAuthProvider(username, password))
                // a fetch asks for as many tasks as the lane has threads: none waits locked in a queue for long
                .maxTasks(threads)
                // oldest first: without an order the database hands out tasks in no particular order, and under
                // load a task could be passed over fetch after fetch (measured: 94 s while 630 others went by)
                .orderByCreateTime().asc()
                .asyncResponseTimeout(asyncResponseTimeout.toMillis())
                // long polling already waits on the server; the client's own backoff only adds idle delay
                .disableBackoffStrategy()
                .defaultSerializationFormat(Variables.SerializationDataFormats.JSON.getName())
                // one connection per thread plus the fetch (the client's default pool has five); a connection
                // idle past the server's keep-alive timeout is checked or dropped before it is used again
                .customizeHttpClient(http -> http.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                .setMaxConnPerRoute(threads + 2).setMaxConnTotal(threads + 2)
                                .setDefaultConnectionConfig(ConnectionConfig.custom()
                                        .setValidateAfterInactivity(TimeValue.ofSeconds(2)).build())
                                .build())
                        .evictIdleConnections(TimeValue.ofSeconds(15)))
                .build();
        for (Subscription subscription : lane.subscriptions()) {
            ExternalTaskTopic topic = subscription.topic();
            client.subscribe(topic.value()).lockDuration(TaskLease.DEFAULT.fetchLockMillis(topic)).variables(topic.variables())
                    .handler(subscription.handler()).open();
        }
        // the client stops once its long poll returns
        return client::stop;
    }
}
