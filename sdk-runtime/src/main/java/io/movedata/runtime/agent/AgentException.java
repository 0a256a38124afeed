package io.movedata.runtime.agent;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * The backup agent cannot back up the node; the message names the node, the backup and what failed.
 * By default the node or the store failed ({@link ErrorKind#EXTERNAL}); a request that cannot be
 * done as asked is {@link ErrorKind#INVALID_INPUT}.
 */
public final class AgentException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public AgentException(String message, Throwable cause) {
        super(ErrorKind.EXTERNAL, message, cause);
    }

    public AgentException(ErrorKind kind, String message) {
        super(kind, message);
    }
}
