package dev.bursar.internal.middleware;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that moves money: a request it serves may carry an
 * {@code Idempotency-Key}, which {@link IdempotencyFilter} honours. The filter asks the handler
 * mapping which method a request will reach, so every spelling of the path is covered.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AcceptsIdempotencyKey {}
