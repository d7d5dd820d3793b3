package dev.bursar.internal.config;

import dev.bursar.internal.deadline.Deadlines;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class DeadlineConfiguration {

    @Bean
    Deadlines deadlines() {
        return new Deadlines();
    }
}
