package dev.bursar.internal.api;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestDatabaseConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The same concurrent load with group commit off: each transfer is a batch of one, posted on its
 * request's own thread by the ledger's one write path.
 */
@SpringBootTest(
        classes = BursarServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bursar.security.admin-api-key=" + TestApi.ADMIN_KEY,
            "bursar.rate-limit.capacity=0",
            "bursar.ledger.group-commit.enabled=false"
        })
@Import(TestDatabaseConfiguration.class)
class LedgerConcurrencyWithoutGroupCommitIT extends LedgerConcurrencyIT {}
