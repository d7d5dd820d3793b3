package dev.bursar.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events reader for tests, as a browser's EventSource reads: lines are parsed into
 * events ({@code id}, {@code event}, {@code data}) and comments, and handed over in arrival order.
 */
public final class SseClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One dispatched event, or a comment ({@code event} null). */
    public record Message(String id, String event, String data, String comment) {

        public JsonNode json() {
            return JSON.readTree(data);
        }

        public long seq() {
            return json().path("seq").asLong();
        }
    }

    /** The end of the stream (the server closed it). */
    private static final Message END = new Message(null, null, null, null);

    private final HttpClient http;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private volatile boolean ended;

    private SseClient(HttpClient http, HttpResponse<Stream<String>> response) {
        this.http = http;
        this.response = response;
        Thread.ofVirtual().name("sse-test-reader").start(this::read);
    }

    /**
     * Opens a stream; the response's status and headers are checked against the served document
     * by {@code api} (the body is a stream, described as text/event-stream).
     */
    public static SseClient open(TestApi api, int port, String pathAndQuery, String key, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Accept", "text/event-stream");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).as("status of %s", pathAndQuery).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            api.assertDescribed("GET", pathAndQuery, 200, response.headers(), "");
            return new SseClient(http, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        received.add(new Message(id, event, data.toString(), null));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    received.add(new Message(null, null, null, line.substring(1).strip()));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String part = line.substring(5).stripLeading();
                    data = data == null
                            ? new StringBuilder(part)
                            : data.append('\n').append(part);
                }
            }
        } catch (RuntimeException e) {
            // the connection was closed under the reader
        } finally {
            ended = true;
            received.add(END);
        }
    }

    /** The next {@code count} events (comments skipped), failing if they do not come within {@code patience}. */
    public List<Message> events(int count, Duration patience) throws InterruptedException {
        List<Message> events = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        while (events.size() < count) {
            Message next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(next)
                    .as("event %d of %d within %s (got %s)", events.size() + 1, count, patience, events)
                    .isNotNull();
            assertThat(next).as("the stream ended after %s", events).isNotSameAs(END);
            if (next.event() != null) {
                events.add(next);
            }
        }
        return events;
    }

    /** Every message (events and comments) arriving within {@code window}. */
    public List<Message> during(Duration window) throws InterruptedException {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            Message next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null || next == END) {
                if (next == END) {
                    received.add(END);
                }
                return messages;
            }
            messages.add(next);
        }
    }

    /** Whether the server ended the stream within {@code patience}. */
    public boolean endsWithin(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!ended && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return ended;
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
