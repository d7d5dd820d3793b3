package dev.bursar.internal.domain;

/**
 * The ledger's rules for moving money between two accounts, as a pure function of their current
 * state: either the balances after the movement, or the contract's reason for refusing it.
 * Callers hold both accounts locked, so the state cannot change underneath.
 */
public final class Posting {

    /** Balances of the debited and credited account after the movement. */
    public record Balances(long fromAfter, long toAfter) {}

    private Posting() {}

    public static Balances apply(Account from, Account to, Money money) {
        if (from.id().equals(to.id())) {
            throw new DomainException(ErrorCode.SAME_ACCOUNT, "the source and destination account are the same");
        }
        String currency = money.currency().getCurrencyCode();
        if (!from.currency().equals(currency) || !to.currency().equals(currency)) {
            throw new DomainException(
                    ErrorCode.CURRENCY_MISMATCH,
                    "the transfer is in " + currency + " but the accounts hold " + from.currency() + " and "
                            + to.currency());
        }
        if (from.status() != AccountStatus.ACTIVE || to.status() != AccountStatus.ACTIVE) {
            throw new DomainException(ErrorCode.ACCOUNT_INACTIVE, "both accounts must be active");
        }
        if (!from.isSystem() && from.balance() < money.amount()) {
            throw new DomainException(ErrorCode.INSUFFICIENT_FUNDS, "the source account's balance is too low");
        }
        try {
            return new Balances(
                    Math.subtractExact(from.balance(), money.amount()), Math.addExact(to.balance(), money.amount()));
        } catch (ArithmeticException e) {
            throw new DomainException(ErrorCode.BALANCE_OVERFLOW, "a balance would leave the signed 64-bit range");
        }
    }
}
