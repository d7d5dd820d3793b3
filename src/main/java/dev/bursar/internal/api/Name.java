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
import org.hibernate.validator.constraints.CodePointLength;

/**
 * The one rule for every name (users, accounts, API keys): {@value #MIN_LENGTH} to
 * {@value #MAX_LENGTH} characters (code points, as the database and JSON Schema count them),
 * {@link PlainText}, and not blank: at least one character that is neither a control character
 * nor white space (Unicode White_Space, as ECMA-262 {@code \s} and JSON Schema read it). A name that
 * is empty or only spaces is a client's mistake, refused rather than stored. Null is left to
 * {@code @NotNull}: a user's name is required, an account's or a key's may be null.
 *
 * <p>The validation and the OpenAPI schema ({@link ConstraintSchemas}) are built from the same constants,
 * so the documented rule is the enforced one.
 */
@Documented
@Constraint(validatedBy = Name.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@ReportAsSingleViolation
@CodePointLength(min = Name.MIN_LENGTH, max = Name.MAX_LENGTH)
@Pattern(regexp = Name.PATTERN) public @interface Name {

    int MIN_LENGTH = 1;

    int MAX_LENGTH = 200;

    /** White space as ECMA-262 and Unicode define it, written out so every regex dialect agrees. */
    String WHITE_SPACE = "\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

    /**
     * Anchored, and unambiguous (white space, then one visible character, then anything but
     * control characters), so it is linear in any engine.
     */
    String PATTERN = "^[" + WHITE_SPACE + "]*[^\\x00-\\x1F" + WHITE_SPACE + "][^\\x00-\\x1F]*$";

    String MESSAGE = "must be " + MIN_LENGTH + " to " + MAX_LENGTH
            + " characters, not blank, without control characters (U+0000 to U+001F)";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What the pattern cannot say in every regex dialect: the text is valid Unicode. */
    class Validator implements ConstraintValidator<Name, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || PlainText.Validator.isPlainText(value);
        }
    }
}
