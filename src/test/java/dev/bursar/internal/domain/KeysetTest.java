package dev.bursar.internal.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysetTest {

    private final UUID id = UUID.randomUUID();

    @Test
    void creationTimesBetweenTheEpochAndYear9999AreRowPositions() {
        assertThatCode(() -> new Keyset.ByCreation(Instant.EPOCH, id)).doesNotThrowAnyException();
        assertThatCode(() -> new Keyset.ByCreation(Instant.parse("9999-12-31T23:59:59.999999999Z"), id))
                .doesNotThrowAnyException();

        assertThatThrownBy(() -> new Keyset.ByCreation(Instant.EPOCH.minusNanos(1), id))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyset.ByCreation(Instant.parse("+10000-01-01T00:00:00Z"), id))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyset.ByCreation(Instant.MAX, id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyset.ByCreation(Instant.MIN, id)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyset.ByCreation(null, id)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void entryNumbersStartAtOne() {
        assertThatCode(() -> new Keyset.ByEntryNo(1)).doesNotThrowAnyException();
        assertThatCode(() -> new Keyset.ByEntryNo(Long.MAX_VALUE)).doesNotThrowAnyException();

        assertThatThrownBy(() -> new Keyset.ByEntryNo(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Keyset.ByEntryNo(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }
}
