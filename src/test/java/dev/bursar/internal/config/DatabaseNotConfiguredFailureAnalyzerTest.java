package dev.bursar.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bursar.cmd.server.BursarServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** {@code java -jar} without a database stops at once and says how to configure one. */
class DatabaseNotConfiguredFailureAnalyzerTest {

    @Test
    void startWithoutDatabaseIsExplained() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(BursarServer.class)
                .run("--server.port=0", "--management.server.port=0", "--spring.datasource.url="));

        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new DatabaseNotConfiguredFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("SPRING_DATASOURCE_URL");
        assertThat(analysis.getAction()).contains("SPRING_DATASOURCE_URL", "./mvnw spring-boot:test-run");
    }

    @Test
    void otherFailuresAreLeftToSpringBoot() {
        assertThat(new DatabaseNotConfiguredFailureAnalyzer().analyze(new IllegalStateException("other")))
                .isNull();
    }
}
