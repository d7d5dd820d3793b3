package dev.bursar.internal.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.support.IntegrationTest;
import java.sql.Connection;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What the pool's connections promise: requests wait at most the response timeout, migrations as long as they need. */
@IntegrationTest
class ConnectionPoolIT {

    @Autowired
    DataSource dataSource;

    @Autowired
    Flyway flyway;

    @Autowired
    BursarProperties properties;

    @Test
    void connectionsWaitForTheDatabaseAtMostTheResponseTimeout() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout())
                    .isEqualTo(properties.database().responseTimeout().toMillis())
                    .isPositive();
        }
    }

    @Test
    void migrationsRunWithoutTheResponseTimeout() throws Exception {
        DataSource migrations = flyway.getConfiguration().getDataSource();

        assertThat(migrations.isWrapperFor(GuardedDataSource.class)).isFalse();
        try (Connection connection = migrations.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isZero();
        }
    }
}
