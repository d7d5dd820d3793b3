package dev.bursar.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Row locks held by a transaction of the test's own, as a concurrent request would hold them, until
 * released: requests that need those rows wait meanwhile.
 */
public final class RowLock implements AutoCloseable {

    private final Connection connection;

    private RowLock(Connection connection) {
        this.connection = connection;
    }

    /** Locks the rows that {@code sql} (a {@code SELECT ... FOR UPDATE}) finds with these parameters. */
    public static RowLock hold(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    lock.setObject(i + 1, parameters[i]);
                }
                lock.executeQuery().close();
            }
            return new RowLock(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Locks one account's row, as a movement of its money does. */
    public static RowLock onAccount(DataSource dataSource, UUID account) throws SQLException {
        return hold(dataSource, "SELECT id FROM accounts WHERE id = ? FOR UPDATE", account);
    }

    /** Rolls the holding transaction back, which lets the waiting requests go on; later calls do nothing. */
    public void release() throws SQLException {
        if (!connection.isClosed()) {
            try (connection) {
                connection.rollback();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        release();
    }
}
