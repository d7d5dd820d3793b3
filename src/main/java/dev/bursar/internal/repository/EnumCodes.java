package dev.bursar.internal.repository;

import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.AccountStatus;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.TransferKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    private static Set<ConvertiblePair> pairs(boolean toCode) {
        return TYPES.stream()
                .map(type -> toCode ? new ConvertiblePair(type, String.class) : new ConvertiblePair(String.class, type))
                .collect(Collectors.toUnmodifiableSet());
    }

    @WritingConverter
    private static final class ToCode implements GenericConverter {

        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return pairs(true);
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            return code((Enum<?>) source);
        }
    }

    @ReadingConverter
    private static final class FromCode implements GenericConverter {

        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return pairs(false);
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            return fromCode(targetType.getType(), (String) source);
        }
    }
}
