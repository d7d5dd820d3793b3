package dev.bursar.internal.service;

import dev.bursar.internal.domain.Transfer;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Where movements are posted: by group commit (the default) or one transaction each. */
@Component
class Ledger {

    private final GroupCommit groupCommit;
    private final PostingTransaction alone;

    Ledger(GroupCommit groupCommit, PostingTransaction alone) {
        this.groupCommit = groupCommit;
        this.alone = alone;
    }

    Transfer post(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        return groupCommit.enabled() ? groupCommit.post(movement, idempotent) : alone.post(movement, idempotent);
    }
}
