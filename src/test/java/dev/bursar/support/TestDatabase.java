package dev.bursar.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one place that decides which real PostgreSQL the tests and the development server use:
 * a Testcontainers container when a Docker engine is available, otherwise an embedded
 * PostgreSQL started from Maven artifacts. Started once per JVM and shared.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

    private TestDatabase() {}

    public static JdbcConnectionDetails connectionDetails() {
        return Holder.DETAILS;
    }

    private static final class Holder {
        static final JdbcConnectionDetails DETAILS = start();
    }

    private static JdbcConnectionDetails start() {
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18-alpine");
            container.start();
            SpringApplication.getShutdownHandlers().add(container::stop);
            log.info("using PostgreSQL in a Testcontainers container");
            return details(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setRegisterShutdownHook(false)
                    .start();
            // Stopped after the application has shut down, so in-flight requests can still finish.
            SpringApplication.getShutdownHandlers().add(() -> close(postgres));
            log.info("no Docker engine: using embedded PostgreSQL on port {}", postgres.getPort());
            return details(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static boolean dockerAvailable() {
        boolean dockerConfigured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!dockerConfigured) {
            return false; // spares Testcontainers a noisy search for an engine that is not there
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static JdbcConnectionDetails details(String url, String username, String password) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return username;
            }

            @Override
            public String getPassword() {
                return password;
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            // the JVM is exiting; the data directory is temporary anyway
        }
    }
}
