package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text is stored and returned exactly as accepted. Every text field of every request body refuses
 * what PostgreSQL could not store as sent (unpaired surrogates, which valid JSON may carry as
 * a backslash-u escape, and NUL) and control characters, with 400 validation_failed naming the field and
 * nothing stored; any other Unicode text, astral characters included, comes back unchanged, and
 * lengths count characters (code points), as the database does.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextFieldsIT {

    /** Every text field a client can send, with the length the contract allows it. */
    enum TextField {
        CREATE_USER_EMAIL("email", 254),
        CREATE_USER_NAME("name", 200),
        UPDATE_USER_EMAIL("email", 254),
        UPDATE_USER_NAME("name", 200),
        ACCOUNT_NAME("name", 200),
        API_KEY_NAME("name", 200),
        TRANSFER_DESCRIPTION("description", 500),
        DEPOSIT_DESCRIPTION("description", 500),
        WITHDRAWAL_DESCRIPTION("description", 500);

        final String json;
        final int maxLength;

        TextField(String json, int maxLength) {
            this.json = json;
            this.maxLength = maxLength;
        }

        boolean isEmail() {
            return json.equals("email");
        }
    }

    /** Escapes everything outside ASCII (backslash-u, as a client may): valid JSON either way. */
    private static final JsonMapper ESCAPING =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestApi api;

    Account ada;
    UUID adasAccount;
    UUID bobsAccount;

    @BeforeAll
    void fundAnAccount() {
        ada = api.newUser();
        adasAccount = api.openAccount(ada.key(), "EUR");
        bobsAccount = api.openAccount(api.newUser().key(), "EUR");
        api.deposit(adasAccount, 1_000_000);
    }

    static Stream<Arguments> unstorableText() {
        List<String> bad = List.of(
                "a\uD800b", // lone high surrogate
                "a\uDC00b", // lone low surrogate
                "a\uDE00\uD83Db", // a pair in the wrong order
                "ab\uD83D", // high surrogate at the very end
                "a\u0000b", // NUL: PostgreSQL text cannot hold it
                "a\u001Fb");
        return Stream.of(TextField.values()).flatMap(field -> bad.stream().map(text -> Arguments.of(field, text)));
    }

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("unstorableText")
    void textThatCannotBeStoredExactlyIsRefusedAndNothingIsStored(TextField field, String text) {
        Object before = state(field);

        Response response = send(field, valueWith(field, text), true);

        JsonNode problem = response.problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly(field.json);
        assertThat(problem.path("detail").asString()).doesNotContain("tools.jackson", "dev.bursar", "java.");
        assertThat(state(field)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(TextField.class)
    void anyOtherUnicodeTextIsStoredAndReturnedExactly(TextField field) {
        // Astral characters (surrogate pairs in UTF-16), a combining accent, a noncharacter, U+FFFD and DEL.
        String text = "\uD83D\uDE00\uD834\uDD1Ee\u0301\uFFFF\uFFFD\u007F";
        for (boolean escaped : List.of(true, false)) {
            String value = valueWith(field, text);

            Response response = send(field, value, escaped);

            assertThat(response.status()).as(response.body()).isIn(200, 201);
            assertThat(response.json().path(field.json).asString()).isEqualTo(value);
            assertThat(readBack(field, response)).isEqualTo(value);
        }
    }

    /**
     * Limits count characters, as {@code length()} in the database's CHECKs does: a name of 200
     * emoji (400 UTF-16 units) is accepted by both, one more character by neither.
     */
    @ParameterizedTest
    @EnumSource(TextField.class)
    void lengthLimitsCountCharactersNotUtf16Units(TextField field) {
        String longest = ofLength(field, field.maxLength);
        assertThat(longest.codePointCount(0, longest.length())).isEqualTo(field.maxLength);
        assertThat(longest.length()).isGreaterThan(field.maxLength);

        Response accepted = send(field, longest, false);

        assertThat(accepted.status()).as(accepted.body()).isIn(200, 201);
        assertThat(readBack(field, accepted)).isEqualTo(longest);

        Object before = state(field);
        JsonNode problem =
                send(field, ofLength(field, field.maxLength + 1), false).problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly(field.json);
        assertThat(state(field)).isEqualTo(before);
    }

    /**
     * Bytes that are not UTF-8 but that a lenient decoder turns into unpaired surrogates (here a
     * four-byte sequence beyond U+10FFFF) are refused, not stored as {@code ?}.
     */
    @Test
    void invalidUtf8DecodedToSurrogatesIsRefused() {
        long users = userCount();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
                ("{\"email\":\"" + UUID.randomUUID() + "@example.com\",\"name\":\"a").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        body.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));

        Response response = api.send(
                "POST",
                "/api/v1/users",
                TestApi.ADMIN_KEY,
                body.toByteArray(),
                Map.of("Content-Type", "application/json"));

        JsonNode problem = response.problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("name");
        assertThat(userCount()).isEqualTo(users);
    }

    /** A value of the field with {@code text} in it; emails stay emails, and unique. */
    private static String valueWith(TextField field, String text) {
        return field.isEmail() ? "x" + text + "-" + UUID.randomUUID() + "@example.com" : "Ada " + text;
    }

    /** Exactly {@code length} characters, most of them outside the Basic Multilingual Plane. */
    private static String ofLength(TextField field, int length) {
        if (field.isEmail()) {
            String local = "\uD83D\uDE00".repeat(100) + "-" + UUID.randomUUID();
            int localLength = local.codePointCount(0, local.length());
            return local + "@" + "d".repeat(length - localLength - 1);
        }
        return "\uD83D\uDE00".repeat(length);
    }

    private Response send(TextField field, String value, boolean escaped) {
        Map<String, Object> body = new LinkedHashMap<>();
        String unique = UUID.randomUUID() + "@example.com";
        String path;
        String key;
        String method = "POST";
        switch (field) {
            case CREATE_USER_EMAIL, CREATE_USER_NAME, UPDATE_USER_EMAIL, UPDATE_USER_NAME -> {
                body.put("email", field.isEmail() ? value : unique);
                body.put("name", field.isEmail() ? "Ada" : value);
                boolean create = field == TextField.CREATE_USER_EMAIL || field == TextField.CREATE_USER_NAME;
                path = create ? "/api/v1/users" : "/api/v1/users/" + ada.id();
                method = create ? "POST" : "PUT";
                key = create ? TestApi.ADMIN_KEY : ada.key();
            }
            case ACCOUNT_NAME -> {
                body.put("currency", "EUR");
                body.put("name", value);
                path = "/api/v1/accounts";
                key = ada.key();
            }
            case API_KEY_NAME -> {
                body.put("name", value);
                path = "/api/v1/users/" + ada.id() + "/api-keys";
                key = ada.key();
            }
            case TRANSFER_DESCRIPTION -> {
                body.put("from_account_id", adasAccount.toString());
                body.put("to_account_id", bobsAccount.toString());
                body.put("amount", 1);
                body.put("currency", "EUR");
                body.put("description", value);
                path = "/api/v1/transfers";
                key = ada.key();
            }
            case DEPOSIT_DESCRIPTION, WITHDRAWAL_DESCRIPTION -> {
                body.put("amount", 1);
                body.put("description", value);
                path = "/api/v1/accounts/" + adasAccount
                        + (field == TextField.DEPOSIT_DESCRIPTION ? "/deposits" : "/withdrawals");
                key = TestApi.ADMIN_KEY;
            }
            default -> throw new IllegalArgumentException(field.name());
        }
        Object sent = escaped ? ESCAPING.writeValueAsString(body) : body;
        return api.send(method, path, key, sent, Map.of("Content-Type", "application/json"));
    }

    /** What a refused request must leave unchanged. */
    private Object state(TextField field) {
        return switch (field) {
            case CREATE_USER_EMAIL, CREATE_USER_NAME -> userCount();
            case UPDATE_USER_EMAIL, UPDATE_USER_NAME ->
                api.get("/api/v1/users/" + ada.id(), ada.key()).body();
            case ACCOUNT_NAME -> api.readAll("/api/v1/accounts", ada.key(), 100);
            case API_KEY_NAME -> api.readAll("/api/v1/users/" + ada.id() + "/api-keys", ada.key(), 100);
            case TRANSFER_DESCRIPTION, DEPOSIT_DESCRIPTION, WITHDRAWAL_DESCRIPTION ->
                api.readAll("/api/v1/accounts/" + adasAccount + "/entries", TestApi.ADMIN_KEY, 100);
        };
    }

    /** The field as the service returns it when the resource is read again. */
    private String readBack(TextField field, Response response) {
        String location =
                response.header("Location") != null ? response.header("Location") : "/api/v1/users/" + ada.id();
        Response read = api.get(location, TestApi.ADMIN_KEY);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json().path(field.json).asString();
    }

    private long userCount() {
        return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
    }
}
