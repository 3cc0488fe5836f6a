package org.mjpki.simulator.tsm;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mjpki.applet.client.ApduTransport;
import org.mjpki.applet.client.ApduTransportException;
import org.mjpki.lifecycle.port.PhoneUnreachableException;
import org.mjpki.lifecycle.port.SecureElementChannel;

/**
 * The TSM relay's sessions for workers in another process: {@link SecureElementChannel#withApplet} holds the applet
 * for one whole script, but over HTTP a script is a sequence of requests. A session therefore runs the script's
 * server half on a thread of its own, inside {@code withApplet}, and each APDU request hands it one command.
 *
 * <p>A session ends when the worker closes it, when the phone drops, or after {@link #idleTimeout} without a
 * command: a worker that dies mid-script must not hold the applet for ever.
 */
public final class RelaySessions implements AutoCloseable {

    /** Raised for a session id that is not (or no longer) open. */
    public static final class NoSuchSessionException extends RuntimeException {
        NoSuchSessionException() {
            super("no such relay session (closed, timed out, or the phone dropped)");
        }
    }

    private static final byte[] CLOSE = new byte[0];

    /** How long opening waits for an applet another script holds; below the workers' 30 s HTTP timeout. */
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(20);

    private final SecureElementChannel channel;
    private final Duration idleTimeout;
    private final Duration openTimeout;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final SecureRandom random = new SecureRandom();

    public RelaySessions(SecureElementChannel channel, Duration idleTimeout) {
        this(channel, idleTimeout, DEFAULT_OPEN_TIMEOUT);
    }

    public RelaySessions(SecureElementChannel channel, Duration idleTimeout, Duration openTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("the relay's idle and open timeouts must be positive");
        }
        this.channel = channel;
        this.idleTimeout = idleTimeout;
        this.openTimeout = openTimeout;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "relay-session-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Opens a session on {@code seId}'s applet; returns once the applet is held for it.
     *
     * @throws org.mjpki.lifecycle.port.PhoneUnreachableException when the phone is offline, or its applet stays busy
     *                                                         with another script for longer than the open timeout
     * @throws UnknownSecureElementException                   when no such SE is known
     */
    public String open(String seId) {
        String id = newId();
        Session session = new Session();
        sessions.put(id, session);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        threads.execute(() -> {
            try {
                channel.withApplet(seId, transport -> {
                    opened.complete(null);
                    session.serve(transport, idleTimeout);
                    return null;
                });
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            } finally {
                sessions.remove(id);
                session.end();
            }
        });
        try {
            opened.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return id;
        } catch (TimeoutException e) {
            // nobody will use it: once it gets the applet it lets go at once
            sessions.remove(id);
            session.abandon();
            throw new PhoneUnreachableException(seId, new IllegalStateException("its applet is busy with another script"));
        } catch (ExecutionException e) {
            sessions.remove(id);
            if (e.getCause() instanceof ApduTransportException dropped) {
                // it went offline between the check and the first command: out of reach, as for the TSM
                throw new PhoneUnreachableException(seId, dropped);
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            sessions.remove(id);
            session.abandon();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening a relay session", e);
        }
    }

    /**
     * Relays one command APDU and returns the response (data || SW1 SW2).
     *
     * @throws NoSuchSessionException when the session is not open
     * @throws ApduTransportException when the phone dropped during the command (the session then ends)
     */
    public byte[] transmit(String sessionId, byte[] command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("an empty command APDU");
        }
        Session session = sessions.get(sessionId);
        if (session == null) {
            throw new NoSuchSessionException();
        }
        return session.relay(command);
    }

    /** Ends the session and frees the applet; closing a session that has ended already is fine. */
    public void close(String sessionId) {
        Session session = sessions.remove(sessionId);
        if (session != null) {
            session.requestClose();
        }
    }

    public int openSessions() {
        return sessions.size();
    }

    @Override
    public void close() {
        sessions.keySet().forEach(this::close);
        threads.shutdownNow();
    }

    private String newId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** One script's server half: takes commands one at a time, answers each in turn. */
    private static final class Session {
        private final SynchronousQueue<byte[]> commands = new SynchronousQueue<>();
        private final SynchronousQueue<Object> answers = new SynchronousQueue<>();
        private volatile boolean ended;
        private volatile boolean closing;

        /** Runs on the session's thread while it holds the applet. */
        void serve(ApduTransport transport, Duration idleTimeout) {
            while (!closing) {
                byte[] command;
                try {
                    command = commands.poll(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (command == null || command == CLOSE) {
                    return;
                }
                Object answer;
                try {
                    answer = transport.transmit(command);
                } catch (RuntimeException e) {
                    answer = e instanceof ApduTransportException t ? t : new ApduTransportException("relay failed", e);
                }
                try {
                    // the requester waits for its answer; if it has gone, do not hold the applet waiting for it
                    if (!answers.offer(answer, idleTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (answer instanceof ApduTransportException) {
                    return;
                }
            }
        }

        /** One command, on a request thread; only one request at a time per session (APDUs are sequential). */
        synchronized byte[] relay(byte[] command) {
            if (ended) {
                throw new NoSuchSessionException();
            }
            try {
                if (!commands.offer(command, 5, TimeUnit.SECONDS)) {
                    throw new NoSuchSessionException();
                }
                Object answer = answers.poll(5, TimeUnit.MINUTES);
                if (answer == null) {
                    throw new ApduTransportException("the relay did not answer");
                }
                if (answer instanceof ApduTransportException e) {
                    throw e;
                }
                return (byte[]) answer;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApduTransportException("interrupted while relaying", e);
            }
        }

        void requestClose() {
            closing = true;
            try {
                // wakes the session if it waits for a command; if it is mid-command it sees the flag next
                commands.offer(CLOSE, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** For a session not yet serving: it ends as soon as it would start. */
        void abandon() {
            closing = true;
        }

        void end() {
            ended = true;
        }
    }
}
