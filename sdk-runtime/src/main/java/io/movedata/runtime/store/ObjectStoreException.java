package io.movedata.runtime.store;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * An object store could not be read or written; the message names the store and key. By default an
 * {@link ErrorKind#EXTERNAL} failure (the store or the network); an object a backup lists but the
 * store lacks is {@link ErrorKind#UNREADABLE_SOURCE}.
 */
public class ObjectStoreException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public ObjectStoreException(String message) {
        super(ErrorKind.EXTERNAL, message);
    }

    public ObjectStoreException(String message, Throwable cause) {
        super(ErrorKind.EXTERNAL, message, cause);
    }

    public ObjectStoreException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public ObjectStoreException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
