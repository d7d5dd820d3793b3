package dev.bursar.internal.repository;

import dev.bursar.internal.deadline.Deadlines;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;

@Configuration(proxyBeanMethods = false)
public class JdbcConfiguration {

    /** Statements carry the request's deadline (Spring Boot's own JdbcTemplate backs off). */
    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource, Deadlines deadlines) {
        return new DeadlineJdbcTemplate(dataSource, deadlines);
    }

    /** The pool behind the 'database' circuit breaker and bulkhead, for everything that uses it. */
    @Bean
    static BeanPostProcessor guardedDataSource(ObjectProvider<CircuitBreakerRegistry> breakers,
            ObjectProvider<BulkheadRegistry> bulkheads) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource pool && !(bean instanceof GuardedDataSource) && "dataSource".equals(beanName)) {
                    return new GuardedDataSource(pool, breakers.getObject().circuitBreaker("database"),
                            bulkheads.getObject().bulkhead("database"));
                }
                return bean;
            }
        };
    }

    /**
     * Translates PostgreSQL errors by SQL state with Spring's table for PostgreSQL, which knows
     * lock timeouts (55P03) as well as serialization failures and deadlocks: all become
     * {@link org.springframework.dao.ConcurrencyFailureException}s that the ledger retries. The
     * default translator leaves lock timeouts uncategorized.
     */
    @Bean
    static BeanPostProcessor postgresErrorTranslation(ObjectProvider<DataSource> dataSource) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JdbcTemplate template) {
                    template.setExceptionTranslator(new SQLErrorCodeSQLExceptionTranslator(dataSource.getObject()));
                }
                return bean;
            }
        };
    }
}
