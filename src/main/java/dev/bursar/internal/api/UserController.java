package dev.bursar.internal.api;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.User;
import dev.bursar.internal.service.UserService;
import dev.bursar.internal.service.UserService.UserChanges;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users")
@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
public record UserController(UserService users) {

    static final String LIST = "users";

    @Operation(
            operationId = "createUser",
            summary = "Create a user (admin)",
            description = "Emails are unique regardless of case. While a "
                    + "bootstrap key is configured, the bootstrap admin email (bursar.security.admin-email, in any case) is "
                    + "kept for an admin: creating a user with it is 409 email_taken.")
    @ApiResponse(responseCode = "201", description = "the new user; Location names it")
    @Refusals({ErrorCode.FORBIDDEN, ErrorCode.EMAIL_TAKEN})
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UserResponse> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody UserRequest body) {
        User user = users.create(
                caller,
                body.email(),
                body.name(),
                Optional.ofNullable(body.role()).orElse(Role.USER));
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(UserResponse.from(user));
    }

    @Operation(
            operationId = "listUsers",
            summary = "List users, oldest first (admin)",
            description = "Keyset pages: pass `next_cursor` back as `cursor` until it is null.")
    @ApiResponse(responseCode = "200", description = "one page of users")
    @Refusals(ErrorCode.FORBIDDEN)
    @GetMapping
    PageResponse<UserResponse> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        return Paging.response(users.list(caller, Paging.request(limit, cursor, LIST)), LIST, UserResponse::from);
    }

    @Operation(
            operationId = "getUser",
            summary = "Get a user (admin or self)",
            description = "A user may read only itself; any other id is 404 not_found, as if it did not exist.")
    @GetMapping("/{id}")
    UserResponse get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        return UserResponse.from(users.get(caller, id));
    }

    @Operation(
            operationId = "replaceUser",
            summary = "Replace a user's email and name (admin or self); role (admin only)",
            description = "Both `email` and `name` are required. A user sending `role` gets 403 forbidden; "
                    + "an email another user holds (in any case) is 409 email_taken, and so is the bootstrap admin "
                    + "email (bursar.security.admin-email, in any case) for a user who is not, or would no longer be, "
                    + "an admin.")
    @ApiResponse(responseCode = "200", description = "the updated user")
    @Refusals({ErrorCode.FORBIDDEN, ErrorCode.EMAIL_TAKEN})
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserResponse update(
            @AuthenticationPrincipal Caller caller, @PathVariable UUID id, @Valid @RequestBody UserRequest body) {
        var changes = new UserChanges(body.email(), body.name(), Optional.ofNullable(body.role()));
        return UserResponse.from(users.update(caller, id, changes));
    }

    @Operation(
            operationId = "deleteUser",
            summary = "Delete a user (admin)",
            description = "Its API keys go with it. A user who owns any account, in any status, cannot be "
                    + "deleted (409 user_has_accounts): accounts and their journal are kept for good.")
    @ApiResponse(responseCode = "204", description = "deleted, with its API keys")
    @Refusals({ErrorCode.FORBIDDEN, ErrorCode.USER_HAS_ACCOUNTS})
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        users.delete(caller, id);
    }
}
