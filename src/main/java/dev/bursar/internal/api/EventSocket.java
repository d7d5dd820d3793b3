package dev.bursar.internal.api;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.service.EventHub;
import dev.bursar.internal.service.EventStream;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket subscriber. A virtual thread of its own writes: whatever the stream has queued goes
 * out in one text frame, one JSON object per line; a ping goes out every {@code ping}, and a
 * connection that answered no ping for twice as long is closed. The stream's end becomes the close
 * code: 1013 (cannot keep up), 1008 (key revoked), 1001 (service shutting down).
 */
final class EventSocket extends Endpoint {

    private static final Logger log = LoggerFactory.getLogger(EventSocket.class);

    private final EventStream stream;
    private final EventHub hub;
    private final JsonMapper json;
    private final Duration ping;
    private volatile long lastPong = System.nanoTime(); // before any ping: answers none
    private volatile Thread writer;

    EventSocket(EventStream stream, EventHub hub, JsonMapper json, Duration ping) {
        this.stream = stream;
        this.hub = hub;
        this.json = json;
        this.ping = ping;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxIdleTimeout(0); // liveness is the pings' business
        session.addMessageHandler(PongMessage.class, pong -> lastPong = System.nanoTime());
        session.addMessageHandler(String.class, ignored -> {}); // clients have nothing to say
        writer = Thread.ofVirtual().name("websocket-writer").start(() -> write(session));
    }

    private void write(Session session) {
        long lastPing = System.nanoTime();
        // When the oldest ping not answered yet went out; a pong answers every ping before it.
        long unansweredSince = 0;
        boolean awaitingPong = false;
        try {
            while (session.isOpen()) {
                Duration untilPing = ping.minusNanos(System.nanoTime() - lastPing);
                switch (stream.next(untilPing.isNegative() ? Duration.ZERO : untilPing)) {
                    case EventStream.Next.Events batch -> {
                        session.getBasicRemote().sendText(lines(batch.events()));
                        hub.written(stream, batch.events());
                    }
                    case EventStream.Next.Quiet quiet -> {}
                    case EventStream.Next.Ended ended -> {
                        session.close(closeReason(ended.why()));
                        return;
                    }
                }
                if (System.nanoTime() - lastPing >= ping.toNanos()) {
                    if (awaitingPong && lastPong - unansweredSince >= 0) {
                        awaitingPong = false;
                    }
                    // The contract gives a client two ping periods to answer a ping, the first one too.
                    if (awaitingPong
                            && System.nanoTime() - unansweredSince
                                    >= ping.multipliedBy(2).toNanos()) {
                        session.close(new CloseReason(CloseCodes.GOING_AWAY, "no pong"));
                        return;
                    }
                    lastPing = System.nanoTime();
                    session.getBasicRemote().sendPing(ByteBuffer.allocate(0));
                    if (!awaitingPong) {
                        awaitingPong = true;
                        unansweredSince = lastPing;
                    }
                }
            }
        } catch (IOException | IllegalStateException failedWrite) {
            // The connection broke, or a write timed out on a client that stopped reading: make sure
            // the session is closed rather than left open with nobody writing to it.
            closeQuietly(session, new CloseReason(CloseCodes.GOING_AWAY, "write failed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("event stream ended by a failure");
            closeQuietly(session, new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "try again"));
        } finally {
            hub.unregister(stream);
        }
    }

    private String lines(List<Event> events) {
        return events.stream()
                .map(event -> json.writeValueAsString(EventResponse.from(event)))
                .collect(Collectors.joining("\n"));
    }

    private static CloseReason closeReason(EventStream.End why) {
        return switch (why) {
            case SLOW -> new CloseReason(CloseCodes.TRY_AGAIN_LATER, "too slow: resume with after");
            case REVOKED -> new CloseReason(CloseCodes.VIOLATED_POLICY, "API key revoked");
            case SHUTDOWN -> new CloseReason(CloseCodes.GOING_AWAY, "shutting down");
        };
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | IllegalStateException ignored) {
            // already gone
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        hub.unregister(stream);
        Thread thread = writer;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        hub.unregister(stream);
    }
}
