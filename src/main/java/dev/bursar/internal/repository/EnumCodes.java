package dev.bursar.internal.repository;

import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.AccountStatus;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.TransferKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.core.convert.converter.GenericConverter.ConvertiblePair;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;

/**
 * The enums' stored spelling: the lower-case name ({@code user}, {@code active}), as the API
 * spells them and the tables' CHECK constraints list them.
 */
final class EnumCodes {

    private static final List<Class<?>> TYPES =
            List.of(AccountKind.class, AccountStatus.class, Role.class, TransferKind.class);

    private EnumCodes() {}

    static String code(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E> E fromCode(Class<E> type, String code) {
        for (E constant : type.getEnumConstants()) {
            if (code((Enum<?>) constant).equals(code)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " is stored as " + code);
    }

    /** For Spring Data JDBC: each enum above is written as its code and read from it. */
    static List<GenericConverter> converters() {
        return List.of(new ToCode(), new FromCode());
    }

    /** One direction for every enum; Spring Data tells the directions apart by their annotations. */
    private abstract static class Conversion implements GenericConverter {

        private final Set<ConvertiblePair> pairs;
        private final BiFunction<Object, Class<?>, Object> convert;

        Conversion(Function<Class<?>, ConvertiblePair> pair, BiFunction<Object, Class<?>, Object> convert) {
            this.pairs = TYPES.stream().map(pair).collect(Collectors.toUnmodifiableSet());
            this.convert = convert;
        }

        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return pairs;
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            return convert.apply(source, targetType.getType());
        }
    }

    @WritingConverter
    private static final class ToCode extends Conversion {
        ToCode() {
            super(type -> new ConvertiblePair(type, String.class), (value, type) -> code((Enum<?>) value));
        }
    }

    @ReadingConverter
    private static final class FromCode extends Conversion {
        FromCode() {
            super(type -> new ConvertiblePair(String.class, type), (code, type) -> fromCode(type, (String) code));
        }
    }
}
