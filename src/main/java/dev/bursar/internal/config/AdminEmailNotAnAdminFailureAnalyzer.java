package dev.bursar.internal.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start refused because the bootstrap admin email belongs to a user who is not an admin. */
public class AdminEmailNotAnAdminFailureAnalyzer extends AbstractFailureAnalyzer<AdminEmailNotAnAdminException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AdminEmailNotAnAdminException cause) {
        String description = """
                The bootstrap admin email bursar.security.admin-email (BURSAR_SECURITY_ADMINEMAIL) is %s, \
                which belongs to user %s, who is not an admin. Start-up never gives an existing user the \
                admin role, so it cannot install BURSAR_ADMIN_API_KEY for that user.""".formatted(cause.adminEmail(), cause.userId());
        String action = """
                Either set BURSAR_SECURITY_ADMINEMAIL (bursar.security.admin-email) to an email that no user \
                has, or that an admin has, and start again;
                or, if user %s should be an admin, have an admin grant the role (PUT /api/v1/users/%s with \
                "role": "admin") and start again.""".formatted(cause.userId(), cause.userId());
        return new FailureAnalysis(description, action, cause);
    }
}
