package io.movedata.runtime.iceberg;

/** Short descriptions of failures for messages: Spark's job failures carry whole executor stack traces. */
final class Failures {
    private Failures() {}

    /** The first line of the failure's message, and the first line of its root cause when that is another exception. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String described = firstLine(failure);
        return root == failure ? described : described + " (caused by " + firstLine(root) + ")";
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        String name = failure.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        int end = message.indexOf('\n');
        return name + ": " + (end < 0 ? message : message.substring(0, end)).strip();
    }
}
