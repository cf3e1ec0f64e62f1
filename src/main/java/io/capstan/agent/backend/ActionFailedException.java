package io.capstan.agent.backend;

/** An action ended in failure; the message is shown to the operator, the exit code when there is one. */
public class ActionFailedException extends Exception {
    private final Integer exitCode;

    public ActionFailedException(String message, Integer exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public Integer exitCode() {
        return exitCode;
    }
}
