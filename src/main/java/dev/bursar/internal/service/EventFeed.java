package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.repository.EventFeedConnection;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Brings committed events to this replica's hub, whichever replica committed them: woken by
 * PostgreSQL's NOTIFY (sent by every transaction that writes events), or after the poll interval
 * in case a notification was lost, it reads the rows after the last seq it handed on. Seqs become
 * visible in increasing order (see {@code LedgerRepository.recordEvents}), so "after the last seq"
 * misses nothing.
 */
@Component
public class EventFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);
    // Small pages: each is handed to subscribers at once, so one page must fit well within a
    // subscriber's buffer (bursar.events.client-buffer) even when the feed is catching up.
    private static final int PAGE = 200;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final EventFeedConnection connection;
    private final EventHub hub;
    private final Duration pollInterval;
    private volatile Thread loop;
    private volatile boolean running;

    public EventFeed(EventFeedConnection connection, EventHub hub, BursarProperties properties) {
        this.connection = connection;
        this.hub = hub;
        this.pollInterval = properties.events().pollInterval();
    }

    @Override
    public void start() {
        running = true;
        // A platform thread: the hop from a commit to the hub is scheduled by the OS, not queued on
        // the virtual-thread carriers behind the requests that are busy posting transfers.
        loop = Thread.ofPlatform().name("event-feed").daemon().start(this::run);
    }

    private void run() {
        long last = -1;
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                if (last < 0) {
                    connection.await(Duration.ofMillis(1)); // listening before the first read
                    last = connection.lastSeq();
                }
                connection.await(pollInterval);
                List<Event> page;
                do {
                    page = connection.after(last, PAGE);
                    if (!page.isEmpty()) {
                        hub.publish(page);
                        last = page.getLast().seq();
                    }
                } while (page.size() == PAGE && running);
                backoff = Duration.ofMillis(100);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.atWarn()
                        .addKeyValue("retry_in_ms", backoff.toMillis())
                        .setCause(e)
                        .log("event feed cannot reach the database; retrying");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
