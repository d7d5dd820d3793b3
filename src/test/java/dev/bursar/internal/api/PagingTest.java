package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.Page;
import dev.bursar.internal.domain.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PagingTest {

    private final Keyset.ByCreation keyset = new Keyset.ByCreation(Instant.parse("2026-11-22T10:15:30.123Z"), UUID.randomUUID());

    @Test
    void cursorRoundTripsOnItsOwnList() {
        String cursor = Paging.encode(keyset, "users");

        PageRequest request = Paging.request("5", cursor, "users");

        assertThat(request.limit()).isEqualTo(5);
        assertThat(request.after()).contains(keyset);
    }

    @Test
    void defaultsToTwentyFromTheStart() {
        PageRequest request = Paging.request(null, null, "users");

        assertThat(request.limit()).isEqualTo(20);
        assertThat(request.after()).isEmpty();
    }

    @Test
    void cursorOfAnotherListIsRefused() {
        String cursor = Paging.encode(keyset, "api-keys:" + UUID.randomUUID());

        assertThatThrownBy(() -> Paging.request(null, cursor, "users"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("cursor"));
        assertThatThrownBy(() -> Paging.request(null, cursor, "api-keys:" + UUID.randomUUID()))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void journalCursorRoundTripsAndIsNotACreationCursor() {
        String cursor = Paging.encode(new Keyset.ByEntryNo(42), "entries:a");

        assertThat(Paging.journalRequest(null, cursor, "entries:a").after()).contains(new Keyset.ByEntryNo(42));
        assertThatThrownBy(() -> Paging.request(null, cursor, "entries:a")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Paging.journalRequest(null, Paging.encode(keyset, "entries:a"), "entries:a"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void pageOfLimitPlusOneRowsHasANextCursor() {
        Page<Integer> page = Page.of(List.of(1, 2, 3), 2, i -> keyset);

        assertThat(page.items()).containsExactly(1, 2);
        assertThat(page.next()).contains(keyset);
        assertThat(Page.of(List.of(1, 2), 2, i -> keyset).next()).isEmpty();
        assertThat(Paging.response(page, "users", String::valueOf).nextCursor()).isEqualTo(Paging.encode(keyset, "users"));
    }
}
