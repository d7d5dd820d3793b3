package dev.bursar.internal.api;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.service.AccountService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Accounts")
@RestController
@RequestMapping(path = "/api/v1/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
public record AccountController(AccountService accounts) {

    @Operation(
            operationId = "createAccount",
            summary = "Open an account",
            description = "Balance 0, status active. Users open accounts for "
                    + "themselves; admins for anyone (`owner_id`, default the caller).")
    @ApiResponse(responseCode = "201", description = "the new account; Location names it")
    @Refusals({ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND})
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccountResponse> open(
            @AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateAccountRequest body) {
        Account account = accounts.open(caller, body.currency(), body.name(), Optional.ofNullable(body.ownerId()));
        return ResponseEntity.created(URI.create("/api/v1/accounts/" + account.id()))
                .body(AccountResponse.from(account));
    }

    @Operation(
            operationId = "listAccounts",
            summary = "List accounts, oldest first",
            description = "Users see their own accounts. Admins see all user accounts, one owner's with `owner_id`, "
                    + "or the system accounts with `kind=system`.")
    @ApiResponse(responseCode = "200", description = "one page of accounts")
    @Refusals(ErrorCode.FORBIDDEN)
    @GetMapping
    PageResponse<AccountResponse> list(
            @AuthenticationPrincipal Caller caller,
            @Parameter(
                            description = "user (default) or system; system is for admins",
                            schema =
                                    @Schema(
                                            type = "string",
                                            allowableValues = {"user", "system"}))
                    @RequestParam(required = false)
                    String kind,
            @Parameter(
                            description = "admins only: the owner's user id",
                            schema = @Schema(type = "string", format = "uuid"))
                    @RequestParam(name = "owner_id", required = false)
                    String ownerId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        Optional<AccountKind> kindFilter = Optional.ofNullable(kind).map(AccountController::kind);
        Optional<UUID> ownerFilter = Optional.ofNullable(ownerId).map(AccountController::ownerId);
        String list = "accounts:" + kindFilter.map(AccountKind::code).orElse("") + ":"
                + ownerFilter.map(UUID::toString).orElse("");
        return Paging.response(
                accounts.list(caller, kindFilter, ownerFilter, Paging.request(limit, cursor, list)),
                list,
                AccountResponse::from);
    }

    @Operation(
            operationId = "getAccount",
            summary = "Get an account (owner or admin)",
            description = "With its current balance in the currency's minor unit. Another user's account is "
                    + "404 not_found.")
    @ApiResponse(responseCode = "200", description = "the account")
    @GetMapping("/{id}")
    AccountResponse get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        return AccountResponse.from(accounts.get(caller, id));
    }

    @Operation(
            operationId = "updateAccount",
            summary = "Change an account's status (admin)",
            description = "active, frozen or closed. Transfers touching a frozen or closed account are refused.")
    @ApiResponse(responseCode = "200", description = "the account")
    @Refusals({ErrorCode.FORBIDDEN, ErrorCode.ACCOUNT_NOT_EMPTY, ErrorCode.ACCOUNT_CLOSED})
    @PatchMapping(
            path = "/{id}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    AccountResponse changeStatus(
            @AuthenticationPrincipal Caller caller,
            @PathVariable UUID id,
            @Valid @RequestBody UpdateAccountRequest body) {
        return AccountResponse.from(accounts.changeStatus(caller, id, body.status()));
    }

    @Operation(
            operationId = "listAccountEntries",
            summary = "An account's journal, newest first (owner or admin)",
            description = "Walking the entries oldest to newest, each balance_after is the previous one plus amount, "
                    + "starting from 0; the newest equals the account's balance.")
    @ApiResponse(responseCode = "200", description = "one page of entries")
    @GetMapping("/{id}/entries")
    PageResponse<EntryResponse> entries(
            @AuthenticationPrincipal Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        String list = "entries:" + id;
        return Paging.response(
                accounts.entries(caller, id, Paging.journalRequest(limit, cursor, list)), list, EntryResponse::from);
    }

    private static AccountKind kind(String kind) {
        return switch (kind) {
            case "user" -> AccountKind.USER;
            case "system" -> AccountKind.SYSTEM;
            default -> throw new InvalidRequestException("kind", "must be user or system");
        };
    }

    private static UUID ownerId(String ownerId) {
        try {
            return Ids.parse(ownerId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("owner_id", "must be a user id (UUID)");
        }
    }
}
