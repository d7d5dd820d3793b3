package dev.bursar.internal.service;

/**
 * The request's Idempotency-Key claim was taken over before its work committed: the work is
 * rolled back, so the key's outcome is decided by the other request alone.
 */
public class IdempotencyClaimLostException extends RuntimeException {

    public IdempotencyClaimLostException() {
        super("the Idempotency-Key was taken over by another request");
    }
}
