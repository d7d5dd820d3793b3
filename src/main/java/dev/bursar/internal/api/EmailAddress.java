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
 * An email as the contract defines it: at most 254 characters (code points, as the database
 * counts them), exactly one {@code @} with non-empty local and domain parts, no spaces, control
 * characters or unpaired surrogates ({@code admin@localhost} is valid). Null is left to
 * {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = EmailAddress.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@ReportAsSingleViolation
@CodePointLength(max = 254)
@Pattern(regexp = "^[^@\\s\\x00-\\x1F]+@[^@\\s\\x00-\\x1F]+$") public @interface EmailAddress {

    String message() default "must be an email address of at most 254 characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** What the pattern cannot say in every regex dialect: the text is valid Unicode. */
    class Validator implements ConstraintValidator<EmailAddress, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || PlainText.Validator.isPlainText(value);
        }
    }
}
