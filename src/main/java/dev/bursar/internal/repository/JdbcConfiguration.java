package dev.bursar.internal.repository;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.Deadlines;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Spring Data JDBC repositories (nested in the repository classes) run on the same
 * NamedParameterJdbcOperations as JdbcClient, so deadlines and error translation apply to them too.
 * They join the services' transactions and start none of their own, like the hand-written
 * statements next to them.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcRepositories(considerNestedRepositories = true, enableDefaultTransactions = false)
public class JdbcConfiguration {

    /** Declared, so that build-time (AOT) processing of the repositories needs no database to ask. */
    @Bean
    JdbcDialect jdbcDialect() {
        return JdbcPostgresDialect.INSTANCE;
    }

    /** Spring Data JDBC's conversions for PostgreSQL, plus the enums stored by their codes. */
    @Bean
    JdbcCustomConversions jdbcCustomConversions(JdbcDialect dialect) {
        return org.springframework.data.jdbc.repository.config.JdbcConfiguration.createCustomConversions(
                dialect, EnumCodes.converters());
    }

    /** Statements carry the request's deadline (Spring Boot's own JdbcTemplate backs off). */
    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource, Deadlines deadlines) {
        return new DeadlineJdbcTemplate(dataSource, deadlines);
    }

    /**
     * The pool behind the 'database' circuit breaker and bulkhead, with the response timeout on
     * every connection, for everything that uses it.
     */
    @Bean
    static BeanPostProcessor guardedDataSource(
            ObjectProvider<CircuitBreakerRegistry> breakers,
            ObjectProvider<BulkheadRegistry> bulkheads,
            ObjectProvider<BursarProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource pool
                        && !(bean instanceof GuardedDataSource)
                        && "dataSource".equals(beanName)) {
                    return new GuardedDataSource(
                            pool,
                            breakers.getObject().circuitBreaker("database"),
                            bulkheads.getObject().bulkhead("database"),
                            properties.getObject().database().responseTimeout());
                }
                return bean;
            }
        };
    }

    /**
     * Migrations run on the pool itself: a schema change may take as long as the database needs,
     * without the response timeout or the breaker meant for requests.
     */
    @Bean
    FlywayConfigurationCustomizer migrationsWithoutResponseTimeout() {
        return configuration -> {
            DataSource dataSource = configuration.getDataSource();
            try {
                if (dataSource != null && dataSource.isWrapperFor(GuardedDataSource.class)) {
                    configuration.dataSource(
                            dataSource.unwrap(GuardedDataSource.class).getTargetDataSource());
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach the connection pool for migrations", e);
            }
        };
    }

    /**
     * Translates PostgreSQL errors by SQL state with Spring's table for PostgreSQL, which knows
     * lock timeouts (55P03) as well as serialization failures and deadlocks: all become
     * {@link org.springframework.dao.ConcurrencyFailureException}s that the ledger retries. The
     * default translator leaves lock timeouts uncategorized. Statements and commits alike report
     * a broken connection, so that the pool replaces the others.
     */
    @Bean
    static BeanPostProcessor postgresErrorTranslation(ObjectProvider<DataSource> dataSource) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JdbcTemplate template) {
                    template.setExceptionTranslator(translator(dataSource.getObject()));
                } else if (bean instanceof JdbcTransactionManager transactions) {
                    transactions.setExceptionTranslator(translator(dataSource.getObject()));
                }
                return bean;
            }
        };
    }

    private static SQLExceptionTranslator translator(DataSource dataSource) {
        SQLExceptionTranslator postgres = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        try {
            return dataSource.isWrapperFor(GuardedDataSource.class)
                    ? new ConnectionLossTranslator(postgres, dataSource.unwrap(GuardedDataSource.class))
                    : postgres;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the connection pool", e);
        }
    }
}
