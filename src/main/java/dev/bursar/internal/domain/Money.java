package dev.bursar.internal.domain;

import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An amount of money to move: a positive integer in the currency's minor unit (cents for USD,
 * yen for JPY), at most 2^53-1 so that every JSON client reads it exactly.
 */
public record Money(long amount, Currency currency) {

    public static final long MAX_AMOUNT = 9_007_199_254_740_991L;

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    public Money {
        if (amount < 1 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("amount must be between 1 and " + MAX_AMOUNT);
        }
        java.util.Objects.requireNonNull(currency, "currency");
    }

    /** The ISO 4217 currency with this upper-case alpha-3 code, if there is one. */
    public static Optional<Currency> currency(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Currency.getInstance(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
