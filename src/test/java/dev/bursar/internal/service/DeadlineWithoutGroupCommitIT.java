package dev.bursar.internal.service;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestDatabaseConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The same deadline on the one-transaction path: the request's own statements time out. */
@SpringBootTest(classes = BursarServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "bursar.rate-limit.capacity=0",
                "bursar.http.request-timeout=1s", "bursar.ledger.group-commit.enabled=false",
                "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '20s'"})
@Import(TestDatabaseConfiguration.class)
class DeadlineWithoutGroupCommitIT extends DeadlineIT {
}
