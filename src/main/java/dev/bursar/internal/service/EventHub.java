package dev.bursar.internal.service;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The replica's hub: subscribers register and unregister, and each live event goes to the
 * subscribers of its account (found by account, by owner, or among those who see everything)
 * without waiting for any of them. On shutdown it ends every stream first, before the web server
 * waits for open requests, so that clients reconnect to another replica.
 */
@Component
public class EventHub implements SmartLifecycle {

    public static final String SSE = "sse";
    public static final String WEBSOCKET = "websocket";

    private final Map<UUID, Set<EventStream>> byAccount = new ConcurrentHashMap<>();
    private final Map<UUID, Set<EventStream>> byOwner = new ConcurrentHashMap<>();
    private final Set<EventStream> everything = ConcurrentHashMap.newKeySet();
    private final Set<EventStream> all = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();
    /** The highest seq handed to subscribers so far. */
    private volatile long published;

    private final Clock clock;
    private final Counter dropped;
    private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
    private final Timer lag;
    private final MeterRegistry meters;

    public EventHub(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        for (String transport : List.of(SSE, WEBSOCKET)) {
            Gauge.builder(
                            "bursar.events.subscribers",
                            all,
                            streams -> streams.stream()
                                    .filter(stream -> stream.transport().equals(transport))
                                    .count())
                    .description("Subscribers connected to this replica")
                    .tag("transport", transport)
                    .register(meters);
        }
        this.dropped = Counter.builder("bursar.events.dropped")
                .description("Subscribers disconnected because they could not keep up")
                .tag("reason", "slow")
                .register(meters);
        this.lag = Timer.builder("bursar.events.delivery.lag")
                .description("From an event's commit to its write to a subscriber")
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1))
                .register(meters);
    }

    void register(EventStream stream) {
        if (!running.get()) {
            stream.end(EventStream.End.SHUTDOWN);
            return;
        }
        all.add(stream);
        switch (stream.selection()) {
            case EventSelection.All ignored -> everything.add(stream);
            case EventSelection.OwnedBy owned ->
                byOwner.computeIfAbsent(owned.ownerId(), id -> ConcurrentHashMap.newKeySet())
                        .add(stream);
            case EventSelection.Accounts accounts ->
                accounts.accountIds()
                        .forEach(id -> byAccount
                                .computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet())
                                .add(stream));
        }
        if (!running.get()) { // stopped meanwhile
            stream.end(EventStream.End.SHUTDOWN);
        }
    }

    /** The highest seq handed to subscribers so far: a stream registered now gets everything after it. */
    long published() {
        return published;
    }

    /** Forgets a stream whose connection is gone. */
    public void unregister(EventStream stream) {
        all.remove(stream);
        switch (stream.selection()) {
            case EventSelection.All ignored -> everything.remove(stream);
            case EventSelection.OwnedBy owned -> remove(byOwner, owned.ownerId(), stream);
            case EventSelection.Accounts accounts -> accounts.accountIds().forEach(id -> remove(byAccount, id, stream));
        }
    }

    private static void remove(Map<UUID, Set<EventStream>> index, UUID key, EventStream stream) {
        index.computeIfPresent(key, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** Hands committed events, in seq order, to their subscribers; never waits for one. */
    void publish(List<Event> events) {
        for (Event event : events) {
            published = event.seq();
            deliver(event, everything);
            deliver(event, byAccount.get(event.accountId()));
            if (event.ownerId() != null) {
                deliver(event, byOwner.get(event.ownerId()));
            }
        }
    }

    private void deliver(Event event, Collection<EventStream> streams) {
        if (streams == null) {
            return;
        }
        for (EventStream stream : streams) {
            if (!stream.offer(event)) {
                dropped.increment();
                unregister(stream);
            }
        }
    }

    /** The streams open on this replica. */
    List<EventStream> streams() {
        return new ArrayList<>(all);
    }

    /** Ends a stream (its key was revoked, ...) and forgets it. */
    void end(EventStream stream, EventStream.End why) {
        stream.end(why);
        unregister(stream);
    }

    /** Counts events a transport wrote to its client, and how long after their commit. */
    public void written(EventStream stream, List<Event> events) {
        delivered
                .computeIfAbsent(
                        stream.transport(),
                        transport -> Counter.builder("bursar.events.delivered")
                                .description("Events written to subscribers")
                                .tag("transport", transport)
                                .register(meters))
                .increment(events.size());
        long now = clock.millis();
        for (Event event : events) {
            lag.record(Duration.ofMillis(Math.max(0, now - event.createdAt().toEpochMilli())));
        }
    }

    @Override
    public void start() {
        running.set(true);
    }

    @Override
    public void stop() {
        running.set(false);
        for (EventStream stream : streams()) {
            end(stream, EventStream.End.SHUTDOWN);
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Stops first of all (before the web server's graceful shutdown waits for open streams). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
