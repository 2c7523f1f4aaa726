package se.samtal.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a {@link RedisServer}, for faults that a real Redis cannot be made to
 * show on cue. Normally it passes bytes both ways. After {@link #loseAnswersTo(String)} a command
 * that carries the given text still reaches Redis and runs there, but its answer never comes
 * back: the client's connection is closed the moment Redis answers, as when Redis or the network
 * dies between doing a write and saying so (Jedis then reports "Unexpected end of stream").
 * Other commands pass as before. {@link #heal()} passes every answer again.
 */
public final class RedisProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile byte[] marker;

    private RedisProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("redis-proxy").start(this::accept);
    }

    /** A proxy to the Redis on loopback port {@code target}. */
    public static RedisProxy to(int target) {
        try {
            return new RedisProxy(target);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code redis://127.0.0.1:<the proxy's port>}. */
    public String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /**
     * From now on, the answer to a command whose bytes contain {@code text} (a key, an argument) is
     * lost: its connection is closed when Redis answers it.
     */
    public void loseAnswersTo(String text) {
        marker = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every answer passes again. */
    public void heal() {
        marker = null;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                var marked = new java.util.concurrent.atomic.AtomicBoolean();
                Thread.ofVirtual().start(() -> pump(client, server, marked, false));
                Thread.ofVirtual().start(() -> pump(server, client, marked, true));
            } catch (IOException e) {
                // closed, or Redis is not there: the client sees its connection fail
            }
        }
    }

    private void pump(Socket from, Socket to, java.util.concurrent.atomic.AtomicBoolean marked, boolean answers) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                byte[] lose = marker;
                if (!answers && lose != null && contains(buffer, n, lose)) {
                    marked.set(true);
                }
                if (answers && marked.get()) {
                    break; // Redis has done it and answered; the client never hears
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (buffer[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(this::closeQuietly);
    }
}
