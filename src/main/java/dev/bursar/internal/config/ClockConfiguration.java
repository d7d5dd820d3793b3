package dev.bursar.internal.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    /** All timestamps are UTC; injected so that rules depending on time can be tested. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
