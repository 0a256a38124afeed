package io.movedata.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run in its own process to the end: exit code, stdout and stderr.
 *
 * @param exitCode the process's exit code
 * @param out what it printed to stdout
 * @param err what it printed to stderr
 */
record ChildProcess(int exitCode, String out, String err) {

    /**
     * Runs {@code command} in {@code directory} and waits for it.
     *
     * @throws IllegalStateException when it has not ended within {@code timeoutSeconds} (it is killed)
     */
    static ChildProcess run(List<String> command, Path directory, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, directory, Map.of(), timeoutSeconds);
    }

    /**
     * Runs {@code command} in {@code directory} with this process's environment changed by
     * {@code environment} (a null value removes the variable), and waits for it.
     *
     * @throws IllegalStateException when it has not ended within {@code timeoutSeconds} (it is killed)
     */
    static ChildProcess run(List<String> command, Path directory, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("stdout-", ".txt");
        Path err = Files.createTempFile("stderr-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("Not done after " + timeoutSeconds + " s: " + command + "\n--- stderr\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        try {
            return new ChildProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
