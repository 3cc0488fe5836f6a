package org.mjpki.simulator.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Stands in for the server's app API in the simulator's own tests (the end-to-end tests use the real one): answers
 * what each test tells it to, per method and path, and records every request it got.
 */
final class FakeAppApi implements AutoCloseable {

    record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Response(int status, String json) {
        static Response of(int status, String json) {
            return new Response(status, json);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final List<Request> all = new CopyOnWriteArrayList<>();

    FakeAppApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    AppApiClient client() {
        return new AppApiClient(this::url, "mjpkiApp", "app-client-secret");
    }

    /** Answers {@code method path} with {@code responder} from now on. */
    void on(String method, String path, Function<Request, Response> responder) {
        routes.put(method + " " + path, responder);
    }

    void on(String method, String path, int status, String json) {
        on(method, path, r -> Response.of(status, json));
    }

    /** The next request the server got, waiting up to {@code wait} for it; null if none came. */
    Request next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Request> all() {
        return List.copyOf(all);
    }

    List<Request> to(String method, String path) {
        return all.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes());
        all.add(request);
        received.add(request);
        Function<Request, Response> route = routes.get(request.method() + " " + request.path());
        Response response = route != null ? route.apply(request)
                : Response.of(404, "{\"error\":\"not_found\",\"message\":\"nothing at " + request.path() + "\"}");
        if (response.json() == null) {
            exchange.sendResponseHeaders(response.status(), -1);
        } else {
            byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
