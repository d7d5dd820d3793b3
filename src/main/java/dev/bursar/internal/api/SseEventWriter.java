package dev.bursar.internal.api;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.service.EventHub;
import dev.bursar.internal.service.EventStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writer of one Server-Sent Events connection, on a virtual thread of its own: it writes what
 * the stream has queued in one go (one flush for many events), a keep-alive comment when nothing
 * came for a while, and ends the response when the stream ends. A client that went away shows up
 * as a failed write.
 */
final class SseEventWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SseEventWriter.class);
    private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
    private static final String KEEP_ALIVE = ": keepalive\n\n";

    private final EventStream stream;
    private final SseEmitter emitter;
    private final EventHub hub;
    private final JsonMapper json;
    private final Duration keepAlive;

    SseEventWriter(EventStream stream, SseEmitter emitter, EventHub hub, JsonMapper json, Duration keepAlive) {
        this.stream = stream;
        this.emitter = emitter;
        this.hub = hub;
        this.json = json;
        this.keepAlive = keepAlive;
    }

    @Override
    public void run() {
        try {
            write(": connected\n\n"); // the client sees the response start at once
            while (true) {
                switch (stream.next(keepAlive)) {
                    case EventStream.Next.Events batch -> {
                        write(frames(batch.events()));
                        hub.written(stream, batch.events());
                    }
                    case EventStream.Next.Quiet quiet -> write(KEEP_ALIVE);
                    case EventStream.Next.Ended ended -> {
                        emitter.complete();
                        return;
                    }
                }
            }
        } catch (IOException | IllegalStateException clientGone) {
            // The client closed the connection (or it completed): nothing left to do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            // The backlog could not be read (database out of reach): end; the client resumes later.
            log.atWarn().setCause(e).log("event stream ended by a failure");
            emitter.complete();
        } finally {
            hub.unregister(stream);
        }
    }

    private String frames(List<Event> events) {
        StringBuilder text = new StringBuilder(events.size() * 256);
        for (Event event : events) {
            text.append("id: ")
                    .append(event.seq())
                    .append("\nevent: ")
                    .append(event.type().code())
                    .append("\ndata: ")
                    .append(json.writeValueAsString(EventResponse.from(event)))
                    .append("\n\n");
        }
        return text.toString();
    }

    private void write(String text) throws IOException {
        emitter.send(Set.of(new DataWithMediaType(text, TEXT)));
    }
}
