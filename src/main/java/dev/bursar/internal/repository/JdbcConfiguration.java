package dev.bursar.internal.repository;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;

@Configuration(proxyBeanMethods = false)
public class JdbcConfiguration {

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
