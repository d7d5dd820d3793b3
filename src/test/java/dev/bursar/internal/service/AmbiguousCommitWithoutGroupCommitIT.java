package dev.bursar.internal.service;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestDatabaseConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The same lost commit outcomes on the one-transaction path. */
@SpringBootTest(classes = BursarServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "bursar.rate-limit.capacity=0",
                "bursar.ledger.group-commit.enabled=false"})
@Import({TestDatabaseConfiguration.class, AmbiguousCommitIT.FaultyCommitsConfiguration.class})
class AmbiguousCommitWithoutGroupCommitIT extends AmbiguousCommitIT {
}
