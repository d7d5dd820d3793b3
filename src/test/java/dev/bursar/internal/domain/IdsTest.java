package dev.bursar.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @Test
    void readsTheTextFormInEitherCase() {
        UUID id = Ids.newId();

        assertThat(Ids.parse(id.toString())).isEqualTo(id);
        assertThat(Ids.parse(id.toString().toUpperCase())).isEqualTo(id);
    }

    /** None is a UUID in its text form, though UUID.fromString (after trimming) reads several. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1-1-1-1-1",
                "+1-1-1-1-1",
                "0-0-0-0-0",
                " 01a22432-ae26-7787-9c3b-2a41cabed5b2",
                "01a22432-ae26-7787-9c3b-2a41cabed5b2 ",
                "01a22432-ae26-7787-9c3b-2a41cabed5b",
                "01a22432ae2677879c3b2a41cabed5b2",
                "{01a22432-ae26-7787-9c3b-2a41cabed5b2}",
                "01a22432-ae26-7787-9c3b-2a41cabed5bg",
                ""
            })
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> Ids.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
