package dev.anyrouter.mock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 exchange over a plain socket, to see exactly which bytes the mock sent and when it stopped. */
final class RawSocket implements AutoCloseable {

    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawSocket(int port) {
        try {
            this.socket = new Socket("127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request with a JSON body; {@code headers} are complete lines, each ending in CRLF. */
    RawSocket post(String pathAndQuery, String headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + pathAndQuery + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                + headers + "content-length: " + bytes.length + "\r\n\r\n";
        try {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Everything received so far, reading until the server has been silent for {@code quietMs}
     * or has closed the connection.
     */
    String readUntilQuiet(int quietMs) {
        try {
            socket.setSoTimeout(quietMs);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // Silence is the answer being looked for.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /**
     * Everything received within {@code forMs} of now, however it arrived: for an answer that never
     * goes quiet (a drip), which {@link #readUntilQuiet} would read forever.
     */
    String readFor(int forMs) {
        long deadline = System.nanoTime() + forMs * 1_000_000L;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            long left;
            while ((left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                socket.setSoTimeout((int) Math.max(1, left));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException timeUp) {
                    break;
                }
                if (n < 0) break;
                received.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Whether the server closed its side (a read returns end of stream within {@code waitMs}). */
    boolean closedByServer(int waitMs) {
        try {
            socket.setSoTimeout(waitMs);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
