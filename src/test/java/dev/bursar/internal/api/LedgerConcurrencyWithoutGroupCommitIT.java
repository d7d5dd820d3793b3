package dev.bursar.internal.api;

import dev.bursar.support.IsolatedIntegrationTest;

/**
 * The same concurrent load with group commit off: each transfer is a batch of one, posted on its
 * request's own thread by the ledger's one write path.
 */
@IsolatedIntegrationTest(properties = {"bursar.ledger.group-commit.enabled=false"})
class LedgerConcurrencyWithoutGroupCommitIT extends LedgerConcurrencyIT {}
