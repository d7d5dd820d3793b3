package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import dev.bursar.internal.domain.EventType;
import dev.bursar.internal.domain.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The bounded buffer of a subscriber: past {@code client-buffer} events waiting, its stream ends as
 * SLOW and the hub forgets it, while a subscriber that keeps up receives every event. (Over a real
 * connection, socket buffers absorb more events than the integration tests can make in time.)
 */
class EventStreamTest {

    private static final int CAPACITY = 4;
    private static final Duration NO_WAIT = Duration.ZERO;

    /** No stored events: the streams go live at once. */
    private static final EventStream.Backlog EMPTY_TABLE = (seq, selection, limit) -> List.of();

    private final UUID account = UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventHub hub = new EventHub(meters, Clock.systemUTC());

    @Test
    void aStreamOfferedMoreThanItsBufferEndsAsSlow() throws Exception {
        hub.start();
        EventStream stream = live();
        for (int seq = 1; seq <= CAPACITY; seq++) {
            assertThat(stream.offer(event(seq))).isTrue();
        }
        assertThat(stream.offer(event(CAPACITY + 1))).as("one past the buffer").isFalse();
        assertThat(stream.next(NO_WAIT)).isEqualTo(new EventStream.Next.Ended(EventStream.End.SLOW));
    }

    @Test
    void aStreamThatIsDrainedNeverOverflows() throws Exception {
        hub.start();
        EventStream stream = live();
        List<Long> received = new ArrayList<>();
        for (int seq = 1; seq <= 10 * CAPACITY; seq++) {
            assertThat(stream.offer(event(seq))).isTrue();
            if (stream.next(NO_WAIT) instanceof EventStream.Next.Events batch) {
                batch.events().forEach(e -> received.add(e.seq()));
            }
        }
        assertThat(received).hasSize(10 * CAPACITY).isSorted();
    }

    @Test
    void theHubDropsTheSlowSubscriberWhileTheFastOneGetsEveryEvent() throws Exception {
        hub.start();
        EventStream fast = live();
        EventStream slow = live();
        List<Long> received = new ArrayList<>();
        for (int seq = 1; seq <= 3 * CAPACITY; seq++) {
            hub.publish(List.of(event(seq)));
            if (fast.next(NO_WAIT) instanceof EventStream.Next.Events batch) {
                batch.events().forEach(e -> received.add(e.seq()));
            }
        }
        assertThat(received)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 3 * CAPACITY).boxed().toList());
        assertThat(slow.next(NO_WAIT)).isEqualTo(new EventStream.Next.Ended(EventStream.End.SLOW));
        assertThat(hub.streams()).containsExactly(fast);
        assertThat(meters.get("bursar.events.dropped").counter().count()).isEqualTo(1);
        assertThat(fast.next(NO_WAIT)).isInstanceOf(EventStream.Next.Quiet.class);
    }

    /** A stream of the account, registered with the hub and past its (empty) backlog. */
    private EventStream live() throws InterruptedException {
        EventStream stream = new EventStream(
                new Caller(UUID.randomUUID(), Role.USER, UUID.randomUUID()),
                new EventSelection.Accounts(Set.of(account)),
                EventHub.WEBSOCKET,
                0,
                CAPACITY,
                EMPTY_TABLE,
                hub);
        assertThat(stream.next(NO_WAIT)).isInstanceOf(EventStream.Next.Quiet.class);
        return stream;
    }

    private Event event(long seq) {
        return new Event(
                seq, EventType.ENTRY_POSTED, account, null, UUID.randomUUID(), null, 1, seq, seq, Instant.now());
    }
}
