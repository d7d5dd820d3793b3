package dev.bursar.internal.domain;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.util.UUID;

/** New identifiers: time-ordered UUIDs (version 7), so primary-key indexes grow at the end. */
public final class Ids {

    // Stateless: every id draws fresh randomness, so sharing one instance is safe.
    private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator();

    private Ids() {
    }

    public static UUID newId() {
        return GENERATOR.generate();
    }
}
