package dev.bursar.internal.config;

import java.util.UUID;

/**
 * Start-up found the bootstrap admin email (bursar.security.admin-email) held by a user who is
 * not an admin. Start-up never raises a user's role, so the service does not start until the
 * setting or the user is changed; {@link AdminEmailNotAnAdminFailureAnalyzer} says how.
 */
public class AdminEmailNotAnAdminException extends RuntimeException {

    private final String adminEmail;
    private final UUID userId;

    public AdminEmailNotAnAdminException(String adminEmail, UUID userId) {
        super("bursar.security.admin-email (BURSAR_SECURITY_ADMINEMAIL) is " + adminEmail + ", which belongs to user "
                + userId + ", who is not an admin; start-up never gives a user the admin role");
        this.adminEmail = adminEmail;
        this.userId = userId;
    }

    public String adminEmail() {
        return adminEmail;
    }

    public UUID userId() {
        return userId;
    }
}
