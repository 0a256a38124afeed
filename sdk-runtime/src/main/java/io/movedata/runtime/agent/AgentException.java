package io.movedata.runtime.agent;

/** The backup agent cannot back up the node; the message names the node, the backup and what failed. */
public final class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
