package dev.bursar.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records every SQL statement the application executes: datasource-proxy (which wraps the
 * application's DataSource for tracing) calls every {@link QueryExecutionListener} bean. Statements
 * of Spring's scheduler (housekeeping on its own clock) are left out, so that a test can attribute
 * what it sees to the requests it sends.
 */
@TestConfiguration(proxyBeanMethods = false)
public class QueryCounter {

    /** One executed statement and the thread that ran it. */
    public record Statement(String thread, String sql) {}

    /** The statements executed since the last {@link Recorder#clear()}. */
    public static final class Recorder implements QueryExecutionListener {

        private final List<Statement> statements = new CopyOnWriteArrayList<>();

        @Override
        public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {}

        @Override
        public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
            String thread = Thread.currentThread().getName();
            // Background work (scheduled tasks, the event feed reading what a commit notified)
            // belongs to no request.
            if (thread.startsWith("scheduling-") || thread.equals("event-feed")) {
                return;
            }
            queries.forEach(query -> statements.add(new Statement(thread, query.getQuery())));
        }

        public List<Statement> statements() {
            return List.copyOf(statements);
        }

        public int count() {
            return statements.size();
        }

        public void clear() {
            statements.clear();
        }
    }

    @Bean
    Recorder queryRecorder() {
        return new Recorder();
    }
}
