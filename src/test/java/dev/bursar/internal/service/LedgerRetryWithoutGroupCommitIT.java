package dev.bursar.internal.service;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestDatabaseConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The same lock conflicts with group commit off: the one-transaction path retries too. */
@SpringBootTest(classes = BursarServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "bursar.rate-limit.capacity=0",
                "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '100ms'",
                "bursar.ledger.group-commit.enabled=false"})
@Import(TestDatabaseConfiguration.class)
class LedgerRetryWithoutGroupCommitIT extends LedgerRetryIT {
}
