package dev.bursar.support;

import dev.bursar.cmd.server.BursarServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh database on the shared test PostgreSQL server, and Bursar replicas started on it. For
 * tests that change what every replica of a database shares (such as which bootstrap key is
 * current), which the shared test database cannot let them do. Close it to stop its replicas.
 */
public final class SeparateDatabase implements AutoCloseable {

    private final String url;
    private final String username;
    private final String password;
    // Replicas may be started from several threads at once.
    private final List<ConfigurableApplicationContext> replicas = Collections.synchronizedList(new ArrayList<>());

    private SeparateDatabase(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public static SeparateDatabase create() {
        JdbcConnectionDetails shared = TestDatabase.connectionDetails();
        String name = "bursar_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection =
                        DriverManager.getConnection(shared.getJdbcUrl(), shared.getUsername(), shared.getPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database", e);
        }
        // jdbc:postgresql://host:port/database?parameters: the same server, the new database.
        String url = shared.getJdbcUrl().replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
        return new SeparateDatabase(url, shared.getUsername(), shared.getPassword());
    }

    /**
     * Starts a replica (a whole Bursar service on random ports) with this admin email and bootstrap
     * key, as a pod of a deployment would start; throws what the start throws.
     */
    public ConfigurableApplicationContext startReplica(String adminEmail, String adminApiKey) {
        SpringApplication application = new SpringApplicationBuilder(BursarServer.class).build();
        // Replicas share the JVM's logging, set up once: Spring Boot's logging initialisation is
        // global and fails when two applications start at the same moment.
        application.setListeners(application.getListeners().stream()
                .filter(listener -> !(listener instanceof LoggingApplicationListener))
                .toList());
        ConfigurableApplicationContext replica = application.run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + username,
                "--spring.datasource.password=" + password,
                "--spring.datasource.hikari.minimum-idle=1",
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--server.port=0",
                "--management.server.port=0",
                "--bursar.rate-limit.capacity=0",
                "--bursar.security.admin-email=" + adminEmail,
                "--bursar.security.admin-api-key=" + adminApiKey);
        replicas.add(replica);
        return replica;
    }

    /** A client of a replica's API. */
    public static TestApi api(ConfigurableApplicationContext replica) {
        return new TestApi(Integer.parseInt(replica.getEnvironment().getProperty("local.server.port")));
    }

    /** Straight to this database, past every replica (for the state an earlier release may have left). */
    public JdbcClient jdbc() {
        return JdbcClient.create(new DriverManagerDataSource(url, username, password));
    }

    @Override
    public void close() {
        synchronized (replicas) {
            replicas.forEach(ConfigurableApplicationContext::close);
            replicas.clear();
        }
    }
}
