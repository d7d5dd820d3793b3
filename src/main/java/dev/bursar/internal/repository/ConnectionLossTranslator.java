package dev.bursar.internal.repository;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Translates like the given translator, and also notices a connection that broke: an SQL state of
 * class 08 (connection exception), or no answer within the response timeout (a silent database).
 * The pool then acts on it ({@link GuardedDataSource#connectionBroke(boolean)}).
 */
final class ConnectionLossTranslator implements SQLExceptionTranslator {

    private final SQLExceptionTranslator translator;
    private final GuardedDataSource connections;

    ConnectionLossTranslator(SQLExceptionTranslator translator, GuardedDataSource connections) {
        this.translator = translator;
        this.connections = connections;
    }

    @Override
    public DataAccessException translate(String task, String sql, SQLException e) {
        boolean silent = isSilence(e);
        if (silent || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            connections.connectionBroke(silent);
        }
        return translator.translate(task, sql, e);
    }

    private static boolean isSilence(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
