package dev.bursar.internal.api;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.IssuedApiKey;
import dev.bursar.internal.service.ApiKeyService;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "API keys")
@RestController
@RequestMapping(path = "/api/v1/users/{id}/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
public record ApiKeyController(ApiKeyService apiKeys) {

    @Operation(
            operationId = "createApiKey",
            summary = "Create an API key (admin or self)",
            description = "The response carries the secret `key`; it is shown only this once.")
    @ApiResponse(responseCode = "201", description = "the new key with its secret; Location names it")
    @PostMapping
    ResponseEntity<CreatedApiKeyResponse> create(
            @AuthenticationPrincipal Caller caller,
            @PathVariable("id") UUID userId,
            @Valid @RequestBody(required = false) CreateApiKeyRequest body) {
        Optional<String> name = Optional.ofNullable(body).map(CreateApiKeyRequest::name);
        IssuedApiKey issued = apiKeys.issue(caller, userId, name);
        URI location = URI.create(
                "/api/v1/users/" + userId + "/api-keys/" + issued.apiKey().id());
        return ResponseEntity.created(location).body(CreatedApiKeyResponse.from(issued));
    }

    @Operation(
            operationId = "listApiKeys",
            summary = "List a user's active API keys, oldest first (admin or self)",
            description = "Only the prefix of each key is shown; the key itself is shown once, at creation.")
    @GetMapping
    PageResponse<ApiKeyResponse> list(
            @AuthenticationPrincipal Caller caller,
            @PathVariable("id") UUID userId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        String list = "api-keys:" + userId;
        return Paging.response(
                apiKeys.list(caller, userId, Paging.request(limit, cursor, list)), list, ApiKeyResponse::from);
    }

    @Operation(
            operationId = "getApiKey",
            summary = "Get an API key (admin or self)",
            description = "Its name, prefix, creation time and last use (to the minute); never the key itself.")
    @GetMapping("/{key_id}")
    ApiKeyResponse get(
            @AuthenticationPrincipal Caller caller,
            @PathVariable("id") UUID userId,
            @PathVariable("key_id") UUID keyId) {
        return ApiKeyResponse.from(apiKeys.get(caller, userId, keyId));
    }

    @Operation(
            operationId = "revokeApiKey",
            summary = "Revoke an API key (admin or self)",
            description = "The key is refused (401) from then on.")
    @ApiResponse(responseCode = "204", description = "revoked")
    @DeleteMapping("/{key_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(
            @AuthenticationPrincipal Caller caller,
            @PathVariable("id") UUID userId,
            @PathVariable("key_id") UUID keyId) {
        apiKeys.revoke(caller, userId, keyId);
    }
}
