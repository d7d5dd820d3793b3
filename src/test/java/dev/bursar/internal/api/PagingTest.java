package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.Page;
import dev.bursar.internal.domain.PageRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagingTest {

    private final Keyset.ByCreation keyset =
            new Keyset.ByCreation(Instant.parse("2026-11-22T10:15:30.123Z"), UUID.randomUUID());

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
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.violations())
                                .extracting(FieldViolation::field)
                                .containsExactly("cursor"));
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

    /** Cursors as a client could edit them: each one is refused before it names a position. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1|users|+300000-01-01T00:00:00Z|01a22432-ae26-7787-9c3b-2a41cabed5b2",
                "1|users|-5000-01-01T00:00:00Z|01a22432-ae26-7787-9c3b-2a41cabed5b2",
                "1|users|+10000-01-01T00:00:00Z|01a22432-ae26-7787-9c3b-2a41cabed5b2",
                "1|users|1969-12-31T23:59:59.999Z|01a22432-ae26-7787-9c3b-2a41cabed5b2",
                "1|users|+1000000000-12-31T23:59:59.999999999Z|01a22432-ae26-7787-9c3b-2a41cabed5b2",
                "1|users|2026-11-22T11:15:30.123+01:00|01a22432-ae26-7787-9c3b-2a41cabed5b2",
                "1|users|2026-11-22T10:15:30.123Z|1-1-1-1-1",
                "1|users|2026-11-22T10:15:30.123Z|01A22432-AE26-7787-9C3B-2A41CABED5B2",
                "1|users|2026-11-22T10:15:30.123Z|01a22432-ae26-7787-9c3b-2a41cabed5b2|",
                "1|users|2026-11-22T10:15:30.123Z",
                "1|users",
                "2|users|2026-11-22T10:15:30.123Z|01a22432-ae26-7787-9c3b-2a41cabed5b2"
            })
    void editedCreationCursorIsRefused(String plain) {
        assertThatThrownBy(() -> Paging.request(null, encodePlain(plain), "users"))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.violations())
                                .extracting(FieldViolation::field)
                                .containsExactly("cursor"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-9223372036854775808", "9223372036854775808", "+5", "007", " 5", ""})
    void editedJournalCursorIsRefused(String entryNo) {
        assertThatThrownBy(() -> Paging.journalRequest(null, encodePlain("1|entries:a|" + entryNo), "entries:a"))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void positionsAtTheBoundsRoundTrip() {
        for (Keyset position : List.of(
                new Keyset.ByCreation(Instant.EPOCH, keyset.id()),
                new Keyset.ByCreation(Instant.parse("9999-12-31T23:59:59.999Z"), keyset.id()))) {
            assertThat(Paging.request(null, Paging.encode(position, "users"), "users")
                            .after())
                    .contains(position);
        }
        Keyset last = new Keyset.ByEntryNo(Long.MAX_VALUE);
        assertThat(Paging.journalRequest(null, Paging.encode(last, "entries:a"), "entries:a")
                        .after())
                .contains(last);
    }

    private static String encodePlain(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pageOfLimitPlusOneRowsHasANextCursor() {
        Page<Integer> page = Page.of(List.of(1, 2, 3), 2, i -> keyset);

        assertThat(page.items()).containsExactly(1, 2);
        assertThat(page.next()).contains(keyset);
        assertThat(Page.of(List.of(1, 2), 2, i -> keyset).next()).isEmpty();
        assertThat(Paging.response(page, "users", String::valueOf).nextCursor())
                .isEqualTo(Paging.encode(keyset, "users"));
    }
}
