package io.capstan.agent.backend;

/** A deployment's definition cannot be used; the message says what and where (file, line) for an operator. */
public class DeploymentConfigException extends Exception {
    public DeploymentConfigException(String message) {
        super(message);
    }

    public DeploymentConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
