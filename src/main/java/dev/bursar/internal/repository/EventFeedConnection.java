package dev.bursar.internal.repository;

import com.zaxxer.hikari.HikariDataSource;
import dev.bursar.internal.domain.Event;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Repository;

/**
 * The event feed's connection, of its own (outside the pool, which it would hold forever): it
 * LISTENs on {@link EventRepository#CHANNEL}, so a replica learns within a moment that some
 * transaction, on any replica, committed events, and then reads them from the table, without
 * waiting for a pooled connection behind the API's requests. Used by one thread at a time.
 */
@Repository
public class EventFeedConnection implements AutoCloseable {

    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private Connection connection;
    private long checkedAt;

    public EventFeedConnection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Waits up to {@code timeout} for a notification; true when one came. Connects (again) when
     * needed; a failure closes the connection and is thrown, and the next call reconnects.
     */
    public synchronized boolean await(Duration timeout) {
        try {
            Connection listening = connection();
            if (System.nanoTime() - checkedAt > CHECK_EVERY.toNanos()) {
                // A silent network would leave the wait quiet forever: make sure somebody is there.
                if (!listening.isValid(2)) {
                    throw new SQLException("the notification connection stopped answering");
                }
                checkedAt = System.nanoTime();
            }
            PGNotification[] received =
                    listening.unwrap(PGConnection.class).getNotifications((int) Math.max(1, timeout.toMillis()));
            return received != null && received.length > 0;
        } catch (SQLException e) {
            close();
            throw new DataAccessResourceFailureException("cannot listen for events", e);
        }
    }

    /** Up to {@code limit} committed events after {@code seq}, of every account, in seq order. */
    public synchronized List<Event> after(long seq, int limit) {
        try (PreparedStatement statement = connection().prepareStatement(EventRepository.AFTER)) {
            statement.setLong(1, seq);
            statement.setInt(2, limit);
            try (ResultSet rows = statement.executeQuery()) {
                List<Event> events = new ArrayList<>(limit);
                while (rows.next()) {
                    events.add(EventRepository.event(rows, events.size()));
                }
                return events;
            }
        } catch (SQLException e) {
            close();
            throw new DataAccessResourceFailureException("cannot read events", e);
        }
    }

    /** The highest seq committed so far (0 when there is none). */
    public synchronized long lastSeq() {
        try (Statement statement = connection().createStatement();
                ResultSet row = statement.executeQuery(EventRepository.LAST_SEQ)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            close();
            throw new DataAccessResourceFailureException("cannot read events", e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = listen();
            checkedAt = System.nanoTime();
        }
        return connection;
    }

    private Connection listen() throws SQLException {
        Connection opened;
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            Properties properties = new Properties();
            properties.putAll(pool.getDataSourceProperties());
            if (pool.getUsername() != null) {
                properties.setProperty("user", pool.getUsername());
            }
            if (pool.getPassword() != null) {
                properties.setProperty("password", pool.getPassword());
            }
            properties.setProperty("ApplicationName", "bursar-events");
            opened = DriverManager.getConnection(pool.getJdbcUrl(), properties);
        } else {
            opened = dataSource.getConnection();
        }
        opened.setAutoCommit(true);
        try (Statement statement = opened.createStatement()) {
            statement.execute("LISTEN " + EventRepository.CHANNEL);
        }
        return opened;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a connection that is already broken
            }
            connection = null;
        }
    }
}
