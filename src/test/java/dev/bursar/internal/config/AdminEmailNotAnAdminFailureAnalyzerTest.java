package dev.bursar.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start refused over the bootstrap admin email says which setting to change, and the other way out. */
class AdminEmailNotAnAdminFailureAnalyzerTest {

    @Test
    void refusalNamesTheSettingAndBothWaysOut() {
        UUID userId = UUID.randomUUID();
        // As Spring Boot reports a failed ApplicationRunner.
        Throwable failure = new IllegalStateException(
                "Failed to execute ApplicationRunner", new AdminEmailNotAnAdminException("admin@localhost", userId));

        FailureAnalysis analysis = new AdminEmailNotAnAdminFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .contains(
                        "bursar.security.admin-email",
                        "BURSAR_SECURITY_ADMINEMAIL",
                        "admin@localhost",
                        userId.toString(),
                        "not an admin");
        assertThat(analysis.getAction())
                .contains("BURSAR_SECURITY_ADMINEMAIL", "PUT /api/v1/users/" + userId, "\"role\": \"admin\"");
    }

    @Test
    void otherFailuresAreLeftToSpringBoot() {
        assertThat(new AdminEmailNotAnAdminFailureAnalyzer().analyze(new IllegalStateException("other")))
                .isNull();
    }
}
