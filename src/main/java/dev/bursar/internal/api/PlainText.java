package dev.bursar.internal.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text that is stored and returned exactly as accepted: valid Unicode (no unpaired surrogate,
 * which the database could only store as {@code ?}) without control characters (U+0000 to
 * U+001F; PostgreSQL cannot store U+0000 at all). JSON binding already refuses such text in every
 * string (see {@link JsonConfiguration}); the constraint states the rule on the fields as well.
 * Null is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@ReportAsSingleViolation
// Only for the OpenAPI schema: a pattern any regex dialect reads alike. The validator checks it all.
@Pattern(regexp = "^[^\\x00-\\x1F]*$") public @interface PlainText {

    String MESSAGE = "must be Unicode text without control characters (U+0000 to U+001F)";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || isPlainText(value);
        }

        /** No control character (U+0000 to U+001F) and every surrogate in a high-low pair. */
        static boolean isPlainText(CharSequence text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20) {
                    return false;
                }
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a pair: one character outside the Basic Multilingual Plane
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
