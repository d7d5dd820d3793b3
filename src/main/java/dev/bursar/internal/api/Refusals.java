package dev.bursar.internal.api;

import dev.bursar.internal.domain.ErrorCode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem codes a handler answers with for reasons of its own (its rules, its roles), on top
 * of those {@link ProblemResponses} gives every operation and derives from what it reads. The
 * OpenAPI document lists them under their status, with one example each.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface Refusals {

    ErrorCode[] value();
}
