package io.movedata.runtime.iceberg;

/** Short descriptions of failures for messages: Spark's job failures carry whole executor stack traces. */
final class Failures {
    private Failures() {}

    /** The first line of the failure's message, and of its root cause's when the first does not already say it. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String described = firstLine(failure);
        if (root == failure || root.getMessage() != null && described.contains(root.getMessage())) {
            return described;
        }
        return described + " (caused by " + firstLine(root) + ")";
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        String name = failure.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        int end = message.indexOf('\n');
        String line = (end < 0 ? message : message.substring(0, end)).strip();
        // Our own messages already say what failed; other exceptions are known by their class.
        return failure instanceof SinkException ? line : name + ": " + line;
    }
}
