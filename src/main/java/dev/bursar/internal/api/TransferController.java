package dev.bursar.internal.api;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import dev.bursar.internal.middleware.RequestAttributes;
import dev.bursar.internal.service.Idempotency;
import dev.bursar.internal.service.TransferService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Currency;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Transfers")
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
public record TransferController(TransferService transfers) {

    @Operation(
            operationId = "createTransfer",
            summary = "Transfer money between two accounts (owner of the source account, or admin)",
            description = "Atomic: both balances, both journal entries and the transfer commit together. "
                    + "The source account's balance never goes below zero.")
    @ApiResponse(responseCode = "201", description = "the transfer; Location names it")
    @Refusals({
        ErrorCode.NOT_FOUND,
        ErrorCode.INSUFFICIENT_FUNDS,
        ErrorCode.CURRENCY_MISMATCH,
        ErrorCode.SAME_ACCOUNT,
        ErrorCode.ACCOUNT_INACTIVE,
        ErrorCode.BALANCE_OVERFLOW
    })
    @AcceptsIdempotencyKey
    @PostMapping(path = "/api/v1/transfers", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TransferResponse> transfer(
            @AuthenticationPrincipal Caller caller,
            @Valid @RequestBody CreateTransferRequest body,
            @RequestAttribute(name = RequestAttributes.IDEMPOTENCY, required = false) Idempotency idempotency) {
        var request = new TransferService.TransferRequest(
                body.fromAccountId(),
                body.toAccountId(),
                new Money(body.amount(), Currency.getInstance(body.currency())),
                body.description());
        return created(transfers.transfer(caller, request, known(idempotency)));
    }

    @Operation(
            operationId = "createDeposit",
            summary = "Deposit money into an account (admin)",
            description = "Moves money from the system account of the account's currency.")
    @ApiResponse(responseCode = "201", description = "the deposit, a transfer of kind deposit")
    @Refusals({ErrorCode.FORBIDDEN, ErrorCode.SAME_ACCOUNT, ErrorCode.ACCOUNT_INACTIVE, ErrorCode.BALANCE_OVERFLOW})
    @AcceptsIdempotencyKey
    @PostMapping(path = "/api/v1/accounts/{id}/deposits", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TransferResponse> deposit(
            @AuthenticationPrincipal Caller caller,
            @PathVariable UUID id,
            @Valid @RequestBody AmountRequest body,
            @RequestAttribute(name = RequestAttributes.IDEMPOTENCY, required = false) Idempotency idempotency) {
        return created(transfers.deposit(caller, id, body.amount(), body.description(), known(idempotency)));
    }

    @Operation(
            operationId = "createWithdrawal",
            summary = "Withdraw money from an account (admin)",
            description = "Moves money to the system account of the account's currency.")
    @ApiResponse(responseCode = "201", description = "the withdrawal, a transfer of kind withdrawal")
    @Refusals({ErrorCode.FORBIDDEN, ErrorCode.INSUFFICIENT_FUNDS, ErrorCode.SAME_ACCOUNT, ErrorCode.ACCOUNT_INACTIVE})
    @AcceptsIdempotencyKey
    @PostMapping(path = "/api/v1/accounts/{id}/withdrawals", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TransferResponse> withdraw(
            @AuthenticationPrincipal Caller caller,
            @PathVariable UUID id,
            @Valid @RequestBody AmountRequest body,
            @RequestAttribute(name = RequestAttributes.IDEMPOTENCY, required = false) Idempotency idempotency) {
        return created(transfers.withdraw(caller, id, body.amount(), body.description(), known(idempotency)));
    }

    @Operation(
            operationId = "getTransfer",
            summary = "Get a transfer (owner of either account, or admin)",
            description = "Transfers are final once created; this returns the same record every time.")
    @ApiResponse(responseCode = "200", description = "the transfer")
    @GetMapping("/api/v1/transfers/{id}")
    TransferResponse get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        return TransferResponse.from(transfers.get(caller, id));
    }

    private ResponseEntity<TransferResponse> created(Transfer transfer) {
        return ResponseEntity.created(location(transfer)).body(TransferResponse.from(transfer));
    }

    /** Without an Idempotency-Key the filter leaves no attribute. */
    private static Idempotency known(Idempotency idempotency) {
        return Objects.requireNonNullElse(idempotency, Idempotency.NONE);
    }

    private static URI location(Transfer transfer) {
        return URI.create("/api/v1/transfers/" + transfer.id());
    }
}
