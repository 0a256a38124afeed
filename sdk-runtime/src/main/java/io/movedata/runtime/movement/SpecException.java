package io.movedata.runtime.movement;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * A movement spec that cannot be run as written ({@link ErrorKind#INVALID_INPUT}); the message names
 * each field at fault.
 */
public final class SpecException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(ErrorKind.INVALID_INPUT, message);
    }

    public SpecException(String message, Throwable cause) {
        super(ErrorKind.INVALID_INPUT, message, cause);
    }
}
