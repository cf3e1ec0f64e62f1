package io.capstan.agent.jobs;

/** The target is held by another job. */
public final class BusyException extends Exception {
    private final String holder;

    public BusyException(String message, String holder) {
        super(message);
        this.holder = holder;
    }

    public String holder() {
        return holder;
    }
}
