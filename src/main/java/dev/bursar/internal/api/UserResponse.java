package dev.bursar.internal.api;

import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.User;
import java.time.Instant;
import java.util.UUID;

public record UserResponse(UUID id, String email, String name, Role role, Instant createdAt, Instant updatedAt) {

    static UserResponse from(User user) {
        return new UserResponse(user.id(), user.email(), user.name(), user.role(), user.createdAt(), user.updatedAt());
    }
}
