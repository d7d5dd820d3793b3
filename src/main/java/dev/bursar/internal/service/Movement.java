package dev.bursar.internal.service;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.TransferKind;
import java.util.UUID;

/** A movement of money someone asked for, before the ledger has checked it. */
record Movement(Caller caller, TransferKind kind, UUID from, UUID to, Money money, String description) {
}
