package dev.bursar.internal.service;

/** The ledger's queue of movements waiting for a transaction is full, or the service is stopping. */
public class LedgerBusyException extends RuntimeException {

    public LedgerBusyException() {
        super("the ledger is busy; retry the request");
    }
}
