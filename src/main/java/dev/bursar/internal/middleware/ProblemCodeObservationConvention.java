package dev.bursar.internal.middleware;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Tags {@code http.server.requests} with the problem {@code code} of an error response
 * ({@code none} for successes), so dashboards and alerts can count errors by their contract code.
 * The code set is small and fixed, so the tag's cardinality stays low.
 */
public class ProblemCodeObservationConvention extends DefaultServerRequestObservationConvention {

    static final String TAG = "problem_code";
    private static final KeyValue NONE = KeyValue.of(TAG, "none");

    @Override
    public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
        Object code = context.getCarrier().getAttribute(RequestAttributes.PROBLEM_CODE);
        return super.getLowCardinalityKeyValues(context).and(code instanceof String c ? KeyValue.of(TAG, c) : NONE);
    }
}
