package io.movedata.api;

/**
 * A connector cannot do what a movement asks; the message says what was expected and what was found.
 * By default the movement asks the wrong thing ({@link ErrorKind#INVALID_INPUT}: an unknown connector,
 * a bad option, a source table the connector cannot use); a connector that finds a fault of another
 * kind says so.
 */
public class ConnectorException extends MovedataException {
    private static final long serialVersionUID = 1L;

    public ConnectorException(String message) {
        super(ErrorKind.INVALID_INPUT, message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(ErrorKind.INVALID_INPUT, message, cause);
    }

    public ConnectorException(ErrorKind kind, String message) {
        super(kind, message);
    }

    public ConnectorException(ErrorKind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
