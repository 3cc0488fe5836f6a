package org.mjpki.webapp.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request, sending exactly the bytes it is given: a request target
 * with raw non-ASCII bytes, header values with control characters, a declared length shorter than the body. The JDK's
 * client refuses to send most of what a fuzz run must send.
 */
final class RawHttp {

    /** How the body is framed on the wire. */
    enum Framing {
        /** Content-Length of the whole body. */
        LENGTH,
        /** Transfer-Encoding: chunked, in chunks of up to 4 KiB. */
        CHUNKED,
        /** Content-Length shorter than the bytes sent: the server reads a truncated body. */
        SHORT_LENGTH,
        /** A Content-Length of a gigabyte for the few bytes sent: the server must not wait for, nor try to hold, the rest. */
        HUGE_LENGTH,
        /** No body and no length header at all. */
        NONE
    }

    record Header(String name, byte[] value) {
        static Header of(String name, String value) {
            return new Header(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** @param target the request target as sent, raw bytes (path and query) */
    record Request(String method, byte[] target, List<Header> headers, byte[] body, Framing framing) {}

    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int TIMEOUT_MILLIS = 60_000;
    private static final int MAX_RESPONSE = 4 * 1024 * 1024;

    private final String host;
    private final int port;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Response send(Request request) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            // reset on close instead of TIME_WAIT: a long run opens tens of thousands of connections
            socket.setSoLinger(true, 0);
            try {
                write(socket.getOutputStream(), request);
            } catch (IOException closedEarly) {
                // the server may answer (413, 400) and close before it has read all we send: read its answer
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " failed: " + e.getMessage(), e);
        }
    }

    private void write(OutputStream out, Request request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write((request.method() + " ").getBytes(StandardCharsets.US_ASCII));
        head.write(request.target());
        head.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        line(head, "Host", ("localhost:" + port).getBytes(StandardCharsets.US_ASCII));
        line(head, "Connection", "close".getBytes(StandardCharsets.US_ASCII));
        for (Header h : request.headers()) {
            line(head, h.name(), h.value());
        }
        byte[] body = request.body() == null ? new byte[0] : request.body();
        switch (request.framing()) {
            case LENGTH -> line(head, "Content-Length", Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
            case SHORT_LENGTH -> line(head, "Content-Length", Integer.toString(body.length / 2).getBytes(StandardCharsets.US_ASCII));
            case HUGE_LENGTH -> line(head, "Content-Length", "1073741824".getBytes(StandardCharsets.US_ASCII));
            case CHUNKED -> line(head, "Transfer-Encoding", "chunked".getBytes(StandardCharsets.US_ASCII));
            case NONE -> { }
        }
        head.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(head.toByteArray());
        if (request.framing() == Framing.CHUNKED) {
            for (int off = 0; off < body.length; off += 4096) {
                int n = Math.min(4096, body.length - off);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, off, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (request.framing() != Framing.NONE) {
            out.write(body);
        }
        out.flush();
    }

    private static void line(ByteArrayOutputStream head, String name, byte[] value) throws IOException {
        head.write(name.getBytes(StandardCharsets.US_ASCII));
        head.write(": ".getBytes(StandardCharsets.US_ASCII));
        head.write(value);
        head.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads one response by its own framing (length, chunks, or up to the close), not up to the end of the connection: a
     * server that still swallows an unread body keeps the connection open after it has answered.
     */
    private static Response read(InputStream raw) throws IOException {
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(raw);
        List<String> lines = new ArrayList<>();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new IOException("no response head");
        }
        String[] statusLine = lines.get(0).split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line");
        }
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunks(in);
        } else if (headers.containsKey("content-length")) {
            body = readExactly(in, Integer.parseInt(headers.get("content-length")));
        } else {
            body = readToEnd(in);
        }
        return new Response(status, headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] l = line.toByteArray();
                int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                return new String(l, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 64 * 1024) {
                throw new IOException("response line over 64 KiB");
            }
        }
        throw new IOException("connection closed inside the response head");
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        if (n > MAX_RESPONSE) {
            throw new IOException("response over " + MAX_RESPONSE + " bytes");
        }
        byte[] body = in.readNBytes(n);
        if (body.length < n) {
            throw new IOException("response body cut short at " + body.length + " of " + n + " bytes");
        }
        return body;
    }

    private static byte[] readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int n = Integer.parseInt(readLine(in).split(";", 2)[0].trim(), 16);
            if (n == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer fields
                }
                return out.toByteArray();
            }
            out.write(readExactly(in, n));
            readLine(in);
            if (out.size() > MAX_RESPONSE) {
                throw new IOException("response over " + MAX_RESPONSE + " bytes");
            }
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_RESPONSE) {
                    throw new IOException("response over " + MAX_RESPONSE + " bytes");
                }
            }
        } catch (java.net.SocketException reset) {
            // the server reset the connection after its answer (a body it did not read): keep what arrived
            if (out.size() == 0) {
                throw reset;
            }
        }
        return out.toByteArray();
    }
}
