package dev.bursar.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket subscriber to the event stream, on Java's own client: it collects the events (one
 * JSON object per line of each text frame), counts frames and pings, and records the close code.
 * A client made with {@code reading = false} asks for no message until {@link #read()} (the JDK
 * client then stops reading from its socket), like a subscriber that cannot keep up.
 */
public final class WebSocketClient implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final boolean reading;
    private volatile WebSocket socket;
    private volatile String closeReason;

    private WebSocketClient(boolean reading) {
        this.reading = reading;
    }

    /**
     * Connects to {@code ws://localhost:port} + {@code pathAndQuery}, with {@code key} as
     * Authorization when not null; a refused handshake throws {@link WebSocketHandshakeException}.
     */
    public static WebSocketClient connect(int port, String pathAndQuery, String key, boolean reading)
            throws WebSocketHandshakeException, InterruptedException {
        WebSocketClient client = new WebSocketClient(reading);
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        try {
            client.socket = builder.buildAsync(URI.create("ws://localhost:" + port + pathAndQuery), client)
                    .get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw refused;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no handshake", e);
        }
        return client;
    }

    public static WebSocketClient connect(int port, String pathAndQuery) throws Exception {
        return connect(port, pathAndQuery, null, true);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.incrementAndGet();
            for (String line : partial.toString().split("\n", -1)) {
                events.add(JSON.readTree(line)); // a blank line would fail here: one object per line
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = statusCode + " " + reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Starts reading (a client made not reading). */
    public void read() {
        socket.request(Long.MAX_VALUE);
    }

    /** Exactly {@code count} more events, waiting at most {@code patience} for them. */
    public List<JsonNode> events(int count, Duration patience) throws InterruptedException {
        List<JsonNode> received = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (received.size() < count) {
            JsonNode event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("expected " + count + " events within " + patience + ", got " + received.size()
                        + ": " + received);
            }
            received.add(event);
        }
        return received;
    }

    /** Whatever events arrive within {@code quiet}. */
    public List<JsonNode> during(Duration quiet) throws InterruptedException {
        Thread.sleep(quiet);
        List<JsonNode> received = new ArrayList<>();
        events.drainTo(received);
        return received;
    }

    /** The close code the server sent, waiting at most {@code patience}. */
    public int closeCode(Duration patience) throws Exception {
        return closed.get(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The close code and reason received, or null. */
    public String closeReason() {
        return closeReason;
    }

    public int frames() {
        return frames.get();
    }

    public int pings() {
        return pings.get();
    }

    @Override
    public void close() {
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            try {
                open.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // gone already: abort below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (open != null) {
            open.abort();
        }
    }
}
