package dev.bursar.internal.api;

import dev.bursar.internal.domain.Ids;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * The wire format: snake_case names, RFC 3339 UTC timestamps with milliseconds, and a strict
 * reader. Unknown fields, duplicate keys, trailing data and values of the wrong JSON type are
 * refused rather than guessed at: a typo must never silently change what a request means. Every
 * string read, in any field of any body (map keys included), is {@link PlainText}: text that
 * could not be stored exactly as sent is refused here, so no field can forget the rule. Ids are
 * read only in their UUID text form.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer bursarJsonFormat() {
        return builder -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(
                        LogicalType.Textual,
                        c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Enum, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .addModule(new SimpleModule("bursar-time").addSerializer(Instant.class, new InstantSerializer()))
                .addModule(new SimpleModule("bursar-text")
                        .addDeserializer(String.class, new PlainTextDeserializer())
                        .addKeyDeserializer(String.class, new PlainTextKeyDeserializer()))
                .addModule(new SimpleModule("bursar-ids").addDeserializer(UUID.class, new UuidDeserializer()));
    }

    /** Jackson's own reading of strings (and its coercion rules), then the text rule. */
    static final class PlainTextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            return plainText(super.deserialize(parser, context), parser);
        }
    }

    static final class PlainTextKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            return plainText(key, context.getParser());
        }
    }

    private static String plainText(String value, JsonParser parser) {
        if (value != null && !PlainText.Validator.isPlainText(value)) {
            throw new InvalidTextException(parser);
        }
        return value;
    }

    /**
     * Ids in bodies are UUIDs in their RFC 9562 text form; Jackson's own reader also takes 16
     * bytes in base64, which no client means as an id. A non-UUID is 400 malformed_request.
     */
    static final class UuidDeserializer extends StdScalarDeserializer<UUID> {

        UuidDeserializer() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (UUID) context.handleUnexpectedToken(UUID.class, parser);
            }
            String text = parser.getString();
            try {
                return Ids.parse(text);
            } catch (IllegalArgumentException e) {
                return (UUID) context.handleWeirdStringValue(UUID.class, text, "not a UUID");
            }
        }
    }

    /** Always three fractional digits, always {@code Z}: {@code 2026-11-22T10:15:30.123Z}. */
    static final class InstantSerializer extends StdSerializer<Instant> {

        private static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext context) {
            gen.writeString(FORMAT.format(value));
        }
    }
}
