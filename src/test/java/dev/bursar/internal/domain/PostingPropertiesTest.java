package dev.bursar.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The ledger rules under any sequence of deposits, transfers and withdrawals: every currency's
 * total over all its accounts (system account included) stays zero, no user balance goes below
 * zero, and a refused movement changes nothing.
 */
class PostingPropertiesTest {

    private static final List<String> CURRENCIES = List.of("EUR", "JPY");
    private static final int USER_ACCOUNTS = 6;

    enum Kind {
        DEPOSIT,
        WITHDRAWAL,
        TRANSFER
    }

    record Operation(Kind kind, int from, int to, long amount) {}

    /** Accounts 0..5 are user accounts (even in EUR, odd in JPY); the system accounts come after. */
    private static final class Books {

        final Map<Integer, Account> accounts = new HashMap<>();

        Books() {
            for (int i = 0; i < USER_ACCOUNTS; i++) {
                accounts.put(i, account(AccountKind.USER, CURRENCIES.get(i % 2)));
            }
            for (int c = 0; c < CURRENCIES.size(); c++) {
                accounts.put(USER_ACCOUNTS + c, account(AccountKind.SYSTEM, CURRENCIES.get(c)));
            }
        }

        int systemOf(int userAccount) {
            return USER_ACCOUNTS + CURRENCIES.indexOf(accounts.get(userAccount).currency());
        }

        /** Applies the movement if the rules allow it; returns whether they did. */
        boolean apply(int from, int to, long amount, String currency) {
            Account debit = accounts.get(from);
            Account credit = accounts.get(to);
            try {
                Posting.Balances after =
                        Posting.apply(debit, credit, new Money(amount, Currency.getInstance(currency)));
                accounts.put(from, withBalance(debit, after.fromAfter()));
                accounts.put(to, withBalance(credit, after.toAfter()));
                return true;
            } catch (DomainException refused) {
                return false;
            }
        }

        long total(String currency) {
            return accounts.values().stream()
                    .filter(a -> a.currency().equals(currency))
                    .mapToLong(Account::balance)
                    .sum();
        }
    }

    @Property(tries = 300)
    void anySequenceKeepsTotalsAtZeroAndUserBalancesNonNegative(
            @ForAll("operations") @Size(max = 200) List<Operation> operations) {
        Books books = new Books();
        for (Operation op : operations) {
            Map<Integer, Account> before = new HashMap<>(books.accounts);
            String currency = books.accounts.get(op.from()).currency();
            boolean applied = switch (op.kind()) {
                case DEPOSIT ->
                    books.apply(
                            books.systemOf(op.to()),
                            op.to(),
                            op.amount(),
                            books.accounts.get(op.to()).currency());
                case WITHDRAWAL -> books.apply(op.from(), books.systemOf(op.from()), op.amount(), currency);
                case TRANSFER -> books.apply(op.from(), op.to(), op.amount(), currency);
            };
            if (!applied) {
                assertThat(books.accounts)
                        .as("a refused movement changes nothing")
                        .isEqualTo(before);
            }
            for (String c : CURRENCIES) {
                assertThat(books.total(c)).as("total of %s", c).isZero();
            }
            books.accounts.values().stream()
                    .filter(a -> !a.isSystem())
                    .forEach(a -> assertThat(a.balance()).isNotNegative());
        }
    }

    @Property
    void postingConservesMoneyBetweenTheTwoAccounts(
            @ForAll("balances") long fromBalance, @ForAll("balances") long toBalance, @ForAll("amounts") long amount) {
        Account from = withBalance(account(AccountKind.USER, "EUR"), fromBalance);
        Account to = withBalance(account(AccountKind.USER, "EUR"), toBalance);
        try {
            Posting.Balances after = Posting.apply(from, to, new Money(amount, Currency.getInstance("EUR")));
            assertThat(after.fromAfter()).isNotNegative();
            assertThat(after.fromAfter() + after.toAfter()).isEqualTo(fromBalance + toBalance);
            assertThat(after.fromAfter()).isEqualTo(fromBalance - amount);
        } catch (DomainException refused) {
            assertThat(refused.code()).isIn(ErrorCode.INSUFFICIENT_FUNDS, ErrorCode.BALANCE_OVERFLOW);
            if (refused.code() == ErrorCode.INSUFFICIENT_FUNDS) {
                assertThat(fromBalance).isLessThan(amount);
            } else {
                assertThat(Long.MAX_VALUE - toBalance).isLessThan(amount);
            }
        }
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> operation = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, USER_ACCOUNTS - 1),
                        Arbitraries.integers().between(0, USER_ACCOUNTS - 1),
                        Arbitraries.longs().between(1, 5_000))
                .as(Operation::new);
        return operation.list();
    }

    @Provide
    Arbitrary<Long> balances() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 10_000),
                Arbitraries.longs().between(Long.MAX_VALUE - Money.MAX_AMOUNT, Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<Long> amounts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 10_000), Arbitraries.longs().between(1, Money.MAX_AMOUNT));
    }

    private static Account account(AccountKind kind, String currency) {
        Instant now = Instant.now();
        return new Account(
                UUID.randomUUID(),
                kind,
                kind == AccountKind.USER ? UUID.randomUUID() : null,
                null,
                currency,
                0,
                AccountStatus.ACTIVE,
                0,
                now,
                now);
    }

    private static Account withBalance(Account a, long balance) {
        return new Account(
                a.id(),
                a.kind(),
                a.ownerId(),
                a.name(),
                a.currency(),
                balance,
                a.status(),
                a.entryCount(),
                a.createdAt(),
                a.updatedAt());
    }
}
