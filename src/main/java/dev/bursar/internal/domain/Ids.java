package dev.bursar.internal.domain;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;
import java.util.regex.Pattern;

/** New identifiers: time-ordered UUIDs (version 7), so primary-key indexes grow at the end. */
public final class Ids {

    // Thread-safe and monotonic within the process: ids made in the same millisecond still sort
    // in creation order, which keeps "oldest first" lists exact.
    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {}

    public static UUID newId() {
        return GENERATOR.generate();
    }

    /**
     * A UUID written as RFC 9562 writes it: 8-4-4-4-12 hex digits, in either case.
     * {@link UUID#fromString} alone also reads {@code 1-1-1-1-1} or {@code +1-1-1-1-1}.
     *
     * @throws IllegalArgumentException when {@code text} is not a UUID
     */
    public static UUID parse(String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a UUID");
        }
        return UUID.fromString(text);
    }
}
