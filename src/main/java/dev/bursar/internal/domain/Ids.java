package dev.bursar.internal.domain;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/** New identifiers: time-ordered UUIDs (version 7), so primary-key indexes grow at the end. */
public final class Ids {

    // Thread-safe and monotonic within the process: ids made in the same millisecond still sort
    // in creation order, which keeps "oldest first" lists exact.
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    public static UUID newId() {
        return GENERATOR.generate();
    }
}
