package dev.bursar.internal.deadline;

/** The request ran out of its time budget before its work began or finished; nothing was applied. */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException() {
        super("the request ran out of time");
    }
}
