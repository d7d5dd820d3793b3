package dev.bursar.support;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/** Gives each test a {@link TestApi} aimed at the running service: {@code @Autowired TestApi api}. */
@TestConfiguration(proxyBeanMethods = false)
public class TestApiConfiguration {

    // Prototype: a client of its own for every test instance, made once the server's port is known.
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    TestApi testApi(@Value("${local.server.port}") int port) {
        return new TestApi(port);
    }
}
