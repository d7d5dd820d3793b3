package dev.bursar.internal.service;

import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.StoredResponse;
import java.util.function.Function;

/**
 * A request made under an Idempotency-Key: its claim, and how its successful result looks on the
 * wire, so that the response can be stored in the transaction that produces the result.
 */
public record Idempotent<T>(IdempotencyClaim claim, Function<T, StoredResponse> render) {}
