package dev.bursar.support;

import dev.bursar.cmd.server.BursarServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on random ports against the shared test database. Every integration test
 * uses exactly this configuration, so Spring starts the application once per test run; tests
 * keep their data apart by creating their own users. An {@code @Autowired TestApi} calls the service.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = BursarServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bursar.security.admin-api-key=" + TestApi.ADMIN_KEY,
            // Rate limits have their own tests (RateLimitIT); load tests here must not meet them.
            "bursar.rate-limit.capacity=0",
            // Spans reach TestTraces soon after a request ends, not every 5 s.
            "management.opentelemetry.tracing.export.schedule-delay=50ms"
        })
@Import({TestDatabaseConfiguration.class, TestApiConfiguration.class, TestProbes.class, TestTraces.class})
public @interface IntegrationTest {}
