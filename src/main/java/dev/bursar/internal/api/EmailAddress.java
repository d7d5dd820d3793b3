package dev.bursar.internal.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An email as the contract defines it: at most 254 characters, exactly one {@code @} with
 * non-empty local and domain parts, no spaces or control characters ({@code admin@localhost} is
 * valid). Null is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = {})
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@ReportAsSingleViolation
@Size(max = 254)
@Pattern(regexp = "[^@\\s\\x00-\\x1F]+@[^@\\s\\x00-\\x1F]+")
public @interface EmailAddress {

    String message() default "must be an email address of at most 254 characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
