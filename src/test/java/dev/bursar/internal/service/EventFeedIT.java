package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.repository.LedgerRepository;
import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.SseClient;
import dev.bursar.support.SseClient.Message;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestDatabase;
import dev.bursar.support.TestEvents;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event feed reads on a connection of its own: while every pooled connection is taken (the API
 * under load), events that another replica commits still reach this replica's subscribers.
 */
@IsolatedIntegrationTest(properties = "spring.datasource.hikari.maximum-pool-size=3")
class EventFeedIT {

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcConverter converter;

    @Test
    void eventsArriveWhileThePoolHasNoConnectionToGive() throws Exception {
        Payer ada = api.newPayer(0);
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events?account_id=" + ada.to(), ada.key(), null)) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            List<Connection> taken = new ArrayList<>();
            try {
                for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                    taken.add(dataSource.getConnection());
                }
                commitOnAnotherReplica(TestEvents.entryPosted(ada, 42));

                // Longer than the pool's 1 s wait: a feed reading through the pool would have failed.
                List<Message> events = stream.events(1, Duration.ofSeconds(5));
                assertThat(events.getFirst().json().path("amount").asLong()).isEqualTo(42);
                assertThat(pool.getHikariPoolMXBean().getIdleConnections())
                        .as("the pool had no connection to give meanwhile")
                        .isZero();
            } finally {
                for (Connection connection : taken) {
                    connection.close();
                }
            }
        }
    }

    /** Commits an event through a connection outside this instance's pool, as another replica would. */
    private void commitOnAnotherReplica(Event event) throws SQLException {
        JdbcConnectionDetails database = TestDatabase.connectionDetails();
        try (Connection connection =
                DriverManager.getConnection(database.getJdbcUrl(), database.getUsername(), database.getPassword())) {
            SingleConnectionDataSource replica = new SingleConnectionDataSource(connection, true);
            LedgerRepository ledger = new LedgerRepository(JdbcClient.create(replica), converter);
            new TransactionTemplate(new DataSourceTransactionManager(replica))
                    .executeWithoutResult(status -> ledger.recordEvents(List.of(event)));
        }
    }
}
