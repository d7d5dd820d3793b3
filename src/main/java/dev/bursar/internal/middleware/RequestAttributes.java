package dev.bursar.internal.middleware;

/** Names under which the middleware shares per-request facts with later filters and the API. */
public final class RequestAttributes {

    /** The request id (also the {@code X-Request-Id} header and the {@code request_id} log field). */
    public static final String REQUEST_ID = "bursar.request_id";

    /** Where a request made with an Idempotency-Key stands ({@link dev.bursar.internal.service.Idempotency}). */
    public static final String IDEMPOTENCY = "bursar.idempotency";

    /** The {@code code} of the problem response a request got, if any (a metrics tag and log field). */
    public static final String PROBLEM_CODE = "bursar.problem_code";

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    public static final String IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";

    private RequestAttributes() {}
}
