package dev.bursar.internal.api;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.AccountStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

public record AccountResponse(
        UUID id,
        AccountKind kind,

        @Schema(
                types = {"string", "null"},
                format = "uuid",
                description = "null for system accounts")
        UUID ownerId,

        @Schema(
                types = {"string", "null"},
                description = "null when the account was opened without one",
                example = "Savings")
        String name,

        @Schema(example = "EUR") String currency,

        @Schema(description = "in the currency's minor unit; never negative for user accounts", example = "12500")
        long balance,

        AccountStatus status,
        Instant createdAt,
        Instant updatedAt) {

    static AccountResponse from(Account account) {
        return new AccountResponse(
                account.id(),
                account.kind(),
                account.ownerId(),
                account.name(),
                account.currency(),
                account.balance(),
                account.status(),
                account.createdAt(),
                account.updatedAt());
    }
}
