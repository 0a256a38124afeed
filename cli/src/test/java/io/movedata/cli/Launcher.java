package io.movedata.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.movedata.runtime.store.LocalFiles;

/**
 * {@code bin/movedata} of the distribution this build made, run as a user runs it: a child process
 * whose exit code, stdout and stderr a test asserts on. One per {@code *IT} class, with a work
 * directory for the class's files, deleted after its last test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Launcher MOVEDATA = new Launcher();
 * }</pre>
 *
 * <p>The {@code *IT} classes run only in the cli module's {@code distribution-tests} execution,
 * which sets {@code movedata.root} after {@code package}; without it they fail rather than skip, so
 * a broken wiring cannot pass.
 */
final class Launcher implements BeforeAllCallback, AfterAllCallback {
    /** Long enough for a run that starts Spark; a run that hangs fails its test. */
    private static final long TIMEOUT_SECONDS = 300;

    private Path root;
    private Path work;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = root();
        work = Files.createTempDirectory("movedata-it-").toRealPath();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (work != null) {
            LocalFiles.deleteTree(work);
        }
    }

    /** The repository root the distribution was built in (docs/ and README.md are there too). */
    static Path root() {
        String root = System.getProperty("movedata.root");
        if (root == null) {
            throw new IllegalStateException("System property movedata.root is not set: *IT classes run in the cli "
                    + "module's distribution-tests execution (mvn verify), after package built the distribution");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** The launcher script, {@code <root>/bin/movedata}. */
    Path executable() {
        return root.resolve("bin/movedata");
    }

    /** The class's work directory: the runs of {@link #run} run in it. */
    Path work() {
        return work;
    }

    /** {@code bin/movedata args} as a command line. */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code bin/movedata args} in the work directory to its end. */
    ChildProcess run(String... args) throws IOException, InterruptedException {
        return runIn(work, Map.of(), args);
    }

    /**
     * Runs {@code bin/movedata args} in {@code directory} with this process's environment changed by
     * {@code environment} (a null value removes the variable), to its end.
     */
    ChildProcess runIn(Path directory, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return ChildProcess.run(command(args), directory, environment, TIMEOUT_SECONDS);
    }
}
