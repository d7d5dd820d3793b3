package dev.bursar.internal.config;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns Spring Boot's "no DataSource url" start-up failure into a message that says how to point
 * Bursar at PostgreSQL or how to run the development server with its embedded database.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseNotConfiguredFailureAnalyzer implements FailureAnalyzer {

    // Boot keeps this exception type package-private, so it is recognised by name.
    private static final String NO_URL_EXCEPTION = "DataSourceProperties$DataSourceBeanCreationException";

    static final String DESCRIPTION =
            "No database is configured: SPRING_DATASOURCE_URL (spring.datasource.url) is not set.";

    static final String ACTION = """
            Point Bursar at a PostgreSQL database, for example:
                SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:5432/bursar \\
                SPRING_DATASOURCE_USERNAME=bursar SPRING_DATASOURCE_PASSWORD=... \\
                java -jar target/bursar-<version>.jar
            or, for development, run the service with an embedded PostgreSQL:
                ./mvnw spring-boot:test-run""";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BeanCreationException
                    && cause.getClass().getName().endsWith(NO_URL_EXCEPTION)) {
                return new FailureAnalysis(DESCRIPTION, ACTION, failure);
            }
        }
        return null;
    }
}
