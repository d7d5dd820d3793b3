package dev.bursar.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A bad setting stops the start with a message naming it. */
class BursarPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BursarProperties.class)
    static class PropertiesOnly {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues(
                    "bursar.security.admin-email=admin@localhost",
                    "bursar.security.admin-api-key=",
                    "bursar.http.max-body-size=64KB",
                    "bursar.http.max-concurrent-requests=512",
                    "bursar.http.request-timeout=10s",
                    "bursar.idempotency.retention=24h",
                    "bursar.ledger.group-commit.enabled=true",
                    "bursar.ledger.group-commit.max-batch=256",
                    "bursar.ledger.group-commit.max-wait=0ms",
                    "bursar.ledger.group-commit.workers=2",
                    "bursar.ledger.group-commit.queue-capacity=10000",
                    "bursar.rate-limit.capacity=200",
                    "bursar.rate-limit.refill-per-second=100",
                    "bursar.rate-limit.store=memory",
                    "bursar.rate-limit.max-buckets=100000",
                    "bursar.database.response-timeout=1500ms",
                    "bursar.events.retention=7d",
                    "bursar.events.client-buffer=1024",
                    "bursar.events.keep-alive=15s",
                    "bursar.events.ping=30s",
                    "bursar.events.poll-interval=1s");

    @Test
    void defaultsBind() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            BursarProperties properties = context.getBean(BursarProperties.class);
            assertThat(properties.http().maxBodySize().toBytes()).isEqualTo(64 * 1024);
            assertThat(properties.security().hasAdminApiKey()).isFalse();
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bursar.http.max-body-size|12",
                "bursar.http.max-body-size|100MB",
                "bursar.http.max-body-size|lots",
                "bursar.security.admin-email|not-an-email",
                "bursar.idempotency.retention|10s",
                "bursar.http.max-concurrent-requests|0",
                "bursar.http.request-timeout|10ms",
                "bursar.rate-limit.refill-per-second|0",
                "bursar.rate-limit.store|redis",
                "bursar.rate-limit.max-buckets|10",
                "bursar.ledger.group-commit.workers|0",
                "bursar.ledger.group-commit.max-wait|5s",
                "bursar.events.retention|10s",
                "bursar.events.client-buffer|0",
                "bursar.events.keep-alive|1ms",
                "bursar.idempotency.retention|forever",
                "bursar.security.admin-api-key|too-short",
                "bursar.security.admin-api-key|has spaces in it but is long enough to pass",
            })
    void badValueStopsTheStartNamingTheSetting(String name, String value) {
        runner.withPropertyValues(name + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            String message = fullMessage(context.getStartupFailure());
            String setting = name.substring(name.lastIndexOf('.') + 1).replace("-", "");
            assertThat(message.toLowerCase(java.util.Locale.ROOT).replace("-", ""))
                    .contains(setting);
            if (name.endsWith("admin-api-key")) {
                assertThat(message).as("the key itself is a secret").doesNotContain(value);
            }
        });
    }

    private static String fullMessage(Throwable failure) {
        StringBuilder message = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            message.append(cause.getMessage()).append('\n');
        }
        return message.toString();
    }
}
