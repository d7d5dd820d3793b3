package dev.bursar.support;

import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;

/**
 * Gives each test a {@link TestApi} aimed at the running service: {@code @Autowired TestApi api}.
 * Every client of a context checks its responses against the one document that context serves.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestApiConfiguration {

    // Fetched on first use, once per context: the document is the same for all its tests. Lazy:
    // made when the first client is, once the server's port is known.
    @Bean
    @Lazy
    Supplier<OpenApiContract> servedContract(@Value("${local.server.port}") int port) {
        return TestApi.served(port);
    }

    // Prototype: a client of its own for every test instance, made once the server's port is known.
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    TestApi testApi(@Value("${local.server.port}") int port, Supplier<OpenApiContract> servedContract) {
        return new TestApi(port, servedContract);
    }
}
