package dev.bursar.internal.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

final class Timestamps {

    private Timestamps() {}

    /** Now, at the millisecond precision the API shows, so stored and returned values agree. */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
