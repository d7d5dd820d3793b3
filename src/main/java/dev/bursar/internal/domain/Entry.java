package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of the double-entry journal: a signed change of one account's balance (negative is a
 * debit) and the balance after it. {@code entryNo} counts the account's entries from 1.
 */
public record Entry(
        UUID id, UUID transferId, UUID accountId, long entryNo, long amount, long balanceAfter, Instant createdAt) {}
