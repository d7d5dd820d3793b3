package dev.bursar.internal.service;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.TransferKind;
import java.util.UUID;

/**
 * A movement of money someone asked for, before the ledger has checked it. Its transfer id is
 * fixed when it is asked for, so that posting it again (after a commit whose outcome was not
 * seen) finds the transfer instead of making a second one.
 */
record Movement(
        UUID transferId, Caller caller, TransferKind kind, UUID from, UUID to, Money money, String description) {

    Movement(Caller caller, TransferKind kind, UUID from, UUID to, Money money, String description) {
        this(Ids.newId(), caller, kind, from, to, money, description);
    }
}
