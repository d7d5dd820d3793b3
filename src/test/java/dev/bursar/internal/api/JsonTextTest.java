package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** The text rule in JSON binding reaches every string, wherever it sits in a body. */
class JsonTextTest {

    record Probe(String name, Map<String, String> metadata, List<String> tags) {}

    private final JsonMapper json = mapper();

    private static JsonMapper mapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new JsonConfiguration().bursarJsonFormat().customize(builder);
        return builder.build();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\":\"a\\ud800b\"}",
                "{\"name\":\"a\\udc00b\"}",
                "{\"name\":\"a\\ude00\\ud83db\"}",
                "{\"name\":\"ab\\ud83d\"}",
                "{\"name\":\"a\\u0000b\"}",
                "{\"name\":\"a\\tb\"}"
            })
    void stringFieldThatIsNotPlainTextIsRefusedNamingTheField(String body) {
        assertThatThrownBy(() -> json.readValue(body, Probe.class))
                .isInstanceOfSatisfying(
                        InvalidTextException.class,
                        e -> assertThat(JsonProblems.path(e)).isEqualTo("name"));
    }

    @Test
    void mapValuesMapKeysAndListElementsAreTextToo() {
        assertThatThrownBy(() -> json.readValue("{\"metadata\":{\"note\":\"\\ud800\"}}", Probe.class))
                .isInstanceOfSatisfying(
                        InvalidTextException.class,
                        e -> assertThat(JsonProblems.path(e)).isEqualTo("metadata.note"));
        assertThatThrownBy(() -> json.readValue("{\"metadata\":{\"n\\u0000te\":\"x\"}}", Probe.class))
                .isInstanceOfSatisfying(
                        InvalidTextException.class,
                        e -> assertThat(JsonProblems.path(e)).isEqualTo("metadata"));
        assertThatThrownBy(() -> json.readValue("{\"tags\":[\"ok\",\"\\udfff\"]}", Probe.class))
                .isInstanceOfSatisfying(
                        InvalidTextException.class,
                        e -> assertThat(JsonProblems.path(e)).isEqualTo("tags[1]"));
    }

    @Test
    void anyOtherUnicodeIsReadExactly() {
        String text = "\uD83D\uDE00 e\u0301 \uFFFF \u007F \u00A0";
        Probe probe = json.readValue(
                json.writeValueAsString(new Probe(text, Map.of(text, text), List.of(text))), Probe.class);

        assertThat(probe).isEqualTo(new Probe(text, Map.of(text, text), List.of(text)));
    }

    @Test
    void stringsStillRefuseOtherJsonTypes() {
        assertThatThrownBy(() -> json.readValue("{\"name\":42}", Probe.class))
                .isInstanceOf(MismatchedInputException.class)
                .isNotInstanceOf(InvalidTextException.class);
    }

    /** The constraints say the same, for values that reach a request record other than through JSON. */
    @Test
    void constraintsOnTheFieldsAgreeAndCountCharacters() {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            String emoji = "\uD83D\uDE00";

            assertThat(validator.validate(new UserRequest("a@b", emoji.repeat(200), null)))
                    .isEmpty();
            assertThat(validator.validate(new UserRequest("a@b", emoji.repeat(201), null)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactly("name");
            assertThat(validator.validate(new UserRequest("a@b", "a\uD800b", null)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactly("name");
            assertThat(validator.validate(new UserRequest("a\uDC00@b", "A", null)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactly("email");
            String longestEmail = emoji.repeat(200) + "@" + "d".repeat(53);
            assertThat(validator.validate(new UserRequest(longestEmail, "A", null)))
                    .isEmpty();
            assertThat(validator.validate(new UserRequest("d" + longestEmail, "A", null)))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactly("email");
            assertThat(validator.validate(new AmountRequest(1L, emoji.repeat(500))))
                    .isEmpty();
            assertThat(validator.validate(new AmountRequest(1L, "a\u0000b")))
                    .extracting(v -> v.getPropertyPath().toString())
                    .containsExactly("description");
        }
    }
}
