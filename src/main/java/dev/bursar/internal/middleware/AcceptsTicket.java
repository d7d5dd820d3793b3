package dev.bursar.internal.middleware;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that a browser calls without an {@code Authorization} header
 * ({@code EventSource}, WebSocket): a request it serves may authenticate with {@code ?ticket=}
 * instead, a single-use ticket from {@code POST /api/v1/events/tickets}. Found through the
 * handler mapping, like {@link AcceptsIdempotencyKey}.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AcceptsTicket {}
