package dev.bursar.internal.api;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestDatabaseConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The same concurrent load with group commit off: one transaction per transfer. */
@SpringBootTest(classes = BursarServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "bursar.rate-limit.capacity=0", "bursar.ledger.group-commit.enabled=false"})
@Import(TestDatabaseConfiguration.class)
class LedgerConcurrencyWithoutGroupCommitIT extends LedgerConcurrencyIT {
}
