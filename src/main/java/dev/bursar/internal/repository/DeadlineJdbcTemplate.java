package dev.bursar.internal.repository;

import dev.bursar.internal.deadline.DeadlineExceededException;
import dev.bursar.internal.deadline.Deadlines;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A JdbcTemplate that carries the request's deadline to the database: each statement gets the
 * time left as its query timeout (the driver cancels it then), and none starts once the time is up.
 */
final class DeadlineJdbcTemplate extends JdbcTemplate {

    private final Deadlines deadlines;

    DeadlineJdbcTemplate(DataSource dataSource, Deadlines deadlines) {
        super(dataSource);
        this.deadlines = deadlines;
    }

    @Override
    protected void applyStatementSettings(Statement statement) throws SQLException {
        super.applyStatementSettings(statement);
        OptionalLong remaining = deadlines.remainingNanos();
        if (remaining.isEmpty()) {
            return;
        }
        if (remaining.getAsLong() <= 0) {
            throw new DeadlineExceededException();
        }
        int seconds = (int) Math.max(1, (long) Math.ceil(remaining.getAsLong() / 1e9));
        int current = statement.getQueryTimeout();
        statement.setQueryTimeout(current > 0 ? Math.min(current, seconds) : seconds);
    }
}
