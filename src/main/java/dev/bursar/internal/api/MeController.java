package dev.bursar.internal.api;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.service.UserService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users")
@RestController
public record MeController(UserService users) {

    @Operation(
            operationId = "getCurrentUser",
            summary = "The calling user",
            description = "The user that holds the API key of this request.")
    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    UserResponse me(@AuthenticationPrincipal Caller caller) {
        return UserResponse.from(users.me(caller));
    }
}
