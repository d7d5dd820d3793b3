package dev.bursar;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.internal.domain.ApiKeySecret;
import dev.bursar.support.TestDatabaseConfiguration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Development server: {@code ./mvnw spring-boot:test-run}. Runs Bursar on :8080 with an embedded
 * PostgreSQL (unless SPRING_DATASOURCE_URL is set) and a development admin key (BURSAR_ADMIN_API_KEY,
 * or a fresh random one), and prints where Swagger UI is and which key to paste into it.
 */
public final class TestBursarServer {

    private static final Logger log = LoggerFactory.getLogger(TestBursarServer.class);

    private TestBursarServer() {}

    public static void main(String[] args) {
        String adminKey = System.getenv("BURSAR_ADMIN_API_KEY");
        if (adminKey == null || adminKey.isBlank()) {
            adminKey = ApiKeySecret.generate(new SecureRandom());
        }
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("--bursar.security.admin-api-key=" + adminKey);

        var application = SpringApplication.from(BursarServer::main);
        if (!databaseConfigured()) {
            application = application.with(TestDatabaseConfiguration.class);
        }
        ConfigurableApplicationContext context =
                application.run(arguments.toArray(String[]::new)).getApplicationContext();

        String port = context.getEnvironment().getProperty("local.server.port", "8080");
        String managementPort = context.getEnvironment().getProperty("local.management.port", "8081");
        log.atInfo()
                .addKeyValue("swagger_ui", "http://localhost:" + port + "/swagger-ui.html")
                .addKeyValue("health", "http://localhost:" + managementPort + "/actuator/health")
                .addKeyValue("admin_api_key", adminKey)
                .log(
                        "Bursar development server ready. Swagger UI: http://localhost:{}/swagger-ui.html"
                                + " | development admin API key: {}",
                        port,
                        adminKey);
    }

    private static boolean databaseConfigured() {
        return System.getenv("SPRING_DATASOURCE_URL") != null || System.getProperty("spring.datasource.url") != null;
    }
}
