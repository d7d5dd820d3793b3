package dev.bursar.internal.domain;

import java.util.UUID;

/** The authenticated principal of a request: who calls, with which role, through which key. */
public record Caller(UUID userId, Role role, UUID apiKeyId) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this caller may see resources that belong to {@code ownerId}. */
    public boolean mayActFor(UUID ownerId) {
        return isAdmin() || userId.equals(ownerId);
    }
}
