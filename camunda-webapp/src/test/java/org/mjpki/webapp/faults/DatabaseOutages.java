package org.mjpki.webapp.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of PostgreSQL that can play a database restart as every client sees one (issue 16, fault 4):
 * every open connection is cut at once, and new ones are refused until the database is "back". The processes under
 * test connect through it; the database itself is never touched, so the test runs the same against a local server, one
 * named by {@code MJPKI_TEST_PG_URL} or a container.
 */
final class DatabaseOutages implements AutoCloseable {

    private final InetSocketAddress database;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listening;

    /** A relay to the database of {@code jdbcUrl} (host and port of a {@code jdbc:postgresql://host:port/db} URL). */
    DatabaseOutages(String jdbcUrl) throws IOException {
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        this.database = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    /** The JDBC URL of the same database through the relay. */
    String relayed(String jdbcUrl) {
        java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return "jdbc:postgresql://127.0.0.1:" + port + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The database goes away — every connection cut, new ones refused — for {@code length}, then comes back. */
    void restart(Duration length) throws IOException, InterruptedException {
        ServerSocket listener = listening;
        listening = null;
        listener.close();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
        Thread.sleep(length.toMillis());
        listen(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
    }

    private void listen(ServerSocket listener) {
        listening = listener;
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket();
                    server.connect(database, 5_000);
                    open.add(client);
                    open.add(server);
                    pump(client, server);
                    pump(server, client);
                } catch (IOException stopped) {
                    // the listener closed (an outage, or the end); a failed connect drops that client only
                }
            }
        }, "database-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException cut) {
                // a side closed: the connection is over
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "database-relay");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that is gone
        }
    }

    @Override
    public void close() throws IOException {
        ServerSocket listener = listening;
        if (listener != null) {
            listener.close();
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }
}
