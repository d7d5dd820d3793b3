package dev.bursar.internal.api;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.StoredResponse;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import dev.bursar.internal.middleware.RequestAttributes;
import dev.bursar.internal.service.Idempotent;
import dev.bursar.internal.service.TransferService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Currency;
import java.util.Optional;
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
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Transfers")
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
public class TransferController {

    private final TransferService transfers;
    private final JsonMapper json;

    public TransferController(TransferService transfers, JsonMapper json) {
        this.transfers = transfers;
        this.json = json;
    }

    @Operation(
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
            @RequestAttribute(name = RequestAttributes.IDEMPOTENCY_CLAIM, required = false) IdempotencyClaim claim) {
        var request = new TransferService.TransferRequest(
                body.fromAccountId(),
                body.toAccountId(),
                new Money(body.amount(), Currency.getInstance(body.currency())),
                body.description());
        return created(transfers.transfer(caller, request, idempotent(claim)));
    }

    @Operation(
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
            @RequestAttribute(name = RequestAttributes.IDEMPOTENCY_CLAIM, required = false) IdempotencyClaim claim) {
        return created(transfers.deposit(caller, id, body.amount(), body.description(), idempotent(claim)));
    }

    @Operation(
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
            @RequestAttribute(name = RequestAttributes.IDEMPOTENCY_CLAIM, required = false) IdempotencyClaim claim) {
        return created(transfers.withdraw(caller, id, body.amount(), body.description(), idempotent(claim)));
    }

    @Operation(
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

    /** The 201 exactly as it is sent, so that it can be stored with the transfer and replayed byte for byte. */
    private Optional<Idempotent<Transfer>> idempotent(IdempotencyClaim claim) {
        return Optional.ofNullable(claim)
                .map(c -> new Idempotent<>(
                        c,
                        transfer -> new StoredResponse(
                                201,
                                MediaType.APPLICATION_JSON_VALUE,
                                location(transfer).toString(),
                                json.writeValueAsBytes(TransferResponse.from(transfer)))));
    }

    private static URI location(Transfer transfer) {
        return URI.create("/api/v1/transfers/" + transfer.id());
    }
}
