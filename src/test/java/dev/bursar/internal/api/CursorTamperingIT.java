package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A cursor is opaque but travels through the client, who may edit it. Whatever a client makes of
 * a cursor, every paged list answers 400 validation_failed naming {@code cursor}, never a 500 and
 * never a page read from an impossible position. The tampered cursors start from real ones.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CursorTamperingIT {

    enum PagedList {
        USERS,
        ACCOUNTS,
        API_KEYS,
        ENTRIES
    }

    /** An edit of a decoded cursor: {@code version|list|position...}, split at {@code |}. */
    record Tampering(String name, UnaryOperator<List<String>> edit) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Autowired
    TestApi api;

    final Map<PagedList, String> paths = new EnumMap<>(PagedList.class);
    final Map<PagedList, String> keys = new EnumMap<>(PagedList.class);
    final Map<PagedList, String> cursors = new EnumMap<>(PagedList.class);

    @BeforeAll
    void createTwoOfEverything() {
        Account ada = api.newUser();
        api.newUser();
        api.issueKey(ada.id(), ada.key());
        UUID account = api.openAccount(ada.key(), "EUR");
        api.openAccount(ada.key(), "EUR");
        api.deposit(account, 10);
        api.deposit(account, 20);

        paths.put(PagedList.USERS, "/api/v1/users");
        keys.put(PagedList.USERS, TestApi.ADMIN_KEY);
        paths.put(PagedList.ACCOUNTS, "/api/v1/accounts");
        keys.put(PagedList.ACCOUNTS, ada.key());
        paths.put(PagedList.API_KEYS, "/api/v1/users/" + ada.id() + "/api-keys");
        keys.put(PagedList.API_KEYS, ada.key());
        paths.put(PagedList.ENTRIES, "/api/v1/accounts/" + account + "/entries");
        keys.put(PagedList.ENTRIES, ada.key());
        for (PagedList list : PagedList.values()) {
            Response first = api.get(paths.get(list) + "?limit=1", keys.get(list));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            cursors.put(list, first.json().path("next_cursor").asString());
            assertThat(cursors.get(list)).as("%s has a second page", list).isNotBlank();
        }
    }

    static Stream<Arguments> tamperedCreationCursors() {
        List<Tampering> tamperings = new ArrayList<>(anyList());
        Stream.of(
                        "+300000-01-01T00:00:00Z", // Java reads it, PostgreSQL cannot hold it
                        "-5000-01-01T00:00:00Z",
                        "+294277-01-01T00:00:00Z", // just past PostgreSQL's last timestamptz
                        "+294276-12-31T23:59:59Z", // PostgreSQL holds it, but no row was created then
                        "+10000-01-01T00:00:00Z", // beyond RFC 3339's four-digit years
                        "1969-12-31T23:59:59.999Z", // before the first time-ordered id
                        "-300000-01-01T00:00:00Z",
                        "+1000000000-12-31T23:59:59.999999999Z", // Instant.MAX
                        "-1000000000-01-01T00:00:00Z", // Instant.MIN
                        "2026-11-22T10:15:30.123+01:00", // not how a cursor spells time
                        "2026-11-22 10:15:30Z",
                        "")
                .map(time -> new Tampering("time " + time, parts -> replace(parts, 2, time)))
                .forEach(tamperings::add);
        Stream.of("1-1-1-1-1", "not-a-uuid", "", "{00000000-0000-0000-0000-000000000000}")
                .map(id -> new Tampering("id " + id, parts -> replace(parts, 3, id)))
                .forEach(tamperings::add);
        tamperings.add(new Tampering(
                "id in upper case", parts -> replace(parts, 3, parts.get(3).toUpperCase())));
        return Stream.of(PagedList.USERS, PagedList.ACCOUNTS, PagedList.API_KEYS)
                .flatMap(list -> tamperings.stream().map(tampering -> Arguments.of(list, tampering)));
    }

    static Stream<Arguments> tamperedJournalCursors() {
        List<Tampering> tamperings = new ArrayList<>(anyList());
        Stream.of(
                        "0",
                        "-1",
                        "-9223372036854775808",
                        "9223372036854775808",
                        "99999999999999999999",
                        "+5",
                        "007",
                        "1e3",
                        " 5",
                        "")
                .map(entryNo -> new Tampering("entry " + entryNo, parts -> replace(parts, 2, entryNo)))
                .forEach(tamperings::add);
        return tamperings.stream().map(tampering -> Arguments.of(PagedList.ENTRIES, tampering));
    }

    private static List<Tampering> anyList() {
        return List.of(
                new Tampering("another version", parts -> replace(parts, 0, "2")),
                new Tampering("another list", parts -> replace(parts, 1, parts.get(1) + "x")),
                new Tampering("extra part", parts -> {
                    List<String> more = new ArrayList<>(parts);
                    more.add("x");
                    return more;
                }),
                new Tampering("missing part", parts -> parts.subList(0, parts.size() - 1)),
                new Tampering("only the version", parts -> List.of(parts.getFirst())));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource({"tamperedCreationCursors", "tamperedJournalCursors"})
    void tamperedCursorIsValidationFailed(PagedList list, Tampering tampering) {
        String cursor = encode(tampering.edit().apply(decode(cursors.get(list))));

        assertCursorRefused(list, cursor);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("garbage")
    void cursorThatIsNoCursorAtAllIsValidationFailed(PagedList list, String cursor) {
        assertCursorRefused(list, cursor);
    }

    static Stream<Arguments> garbage() {
        return Stream.of(PagedList.values())
                .flatMap(list -> Stream.of(
                                "not-a-cursor",
                                "",
                                "%%%",
                                "AAAA",
                                "MQ",
                                Base64.getUrlEncoder()
                                        .encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0x7c, 0x7c}))
                        .map(cursor -> Arguments.of(list, cursor)));
    }

    @ParameterizedTest
    @EnumSource(PagedList.class)
    void untouchedCursorReadsTheSecondPage(PagedList list) {
        Response second = page(list, cursors.get(list));

        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("data")).isNotEmpty();
    }

    static Stream<Arguments> earliestAndLatestPositions() {
        return Stream.of(
                Arguments.of(PagedList.USERS, 2, "1970-01-01T00:00:00Z", 1),
                Arguments.of(PagedList.USERS, 2, "9999-12-31T23:59:59.999Z", 0),
                Arguments.of(PagedList.API_KEYS, 2, "1970-01-01T00:00:00Z", 1),
                Arguments.of(PagedList.ACCOUNTS, 2, "9999-12-31T23:59:59.999Z", 0),
                Arguments.of(PagedList.ENTRIES, 2, "9223372036854775807", 1),
                Arguments.of(PagedList.ENTRIES, 2, "1", 0));
    }

    /** The bounds themselves are positions a cursor may hold: the rule refuses only what lies beyond them. */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("earliestAndLatestPositions")
    void positionsAtTheBoundsAreAccepted(PagedList list, int part, String position, int expectedItems) {
        Response page = page(list, encode(replace(decode(cursors.get(list)), part, position)));

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().path("data")).hasSize(expectedItems);
    }

    private void assertCursorRefused(PagedList list, String cursor) {
        JsonNode problem = page(list, cursor).problem(400, "validation_failed");

        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("cursor");
    }

    private Response page(PagedList list, String cursor) {
        return api.get(
                paths.get(list) + "?limit=1&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
                keys.get(list));
    }

    private static List<String> decode(String cursor) {
        return List.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1));
    }

    private static String encode(List<String> parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> replace(List<String> parts, int index, String value) {
        List<String> edited = new ArrayList<>(parts);
        edited.set(index, value);
        return edited;
    }
}
