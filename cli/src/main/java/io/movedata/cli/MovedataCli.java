package io.movedata.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

import io.movedata.api.ErrorKind;
import io.movedata.runtime.spark.SparkFailures;

/**
 * The {@code movedata} command. Run locally by {@code bin/movedata} (Spark in the same JVM) or on a
 * cluster by {@code spark-submit --class io.movedata.cli.MovedataCli movedata-bundle.jar ...}.
 *
 * <p>A new subcommand is one more class in {@code subcommands} below. The spark-submit bundle leaves
 * {@code sdk-testkit} out, so a command that uses it (the demo) must touch its types only inside
 * its {@code call()}, never in fields or signatures that picocli reflects on at start-up.
 *
 * <p>Errors print one line, {@code movedata: <message>}, to stderr (the stack trace too with
 * {@code --verbose}), and the exit code says what kind of error it was: the {@link ErrorKind}'s
 * (docs/errors.md).
 */
@Command(name = "movedata",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        versionProvider = MovedataCli.Version.class,
        description = {"Moves Cassandra data from backups in object storage into Apache Iceberg tables, with Apache Spark.",
                "'movedata COMMAND --help' shows a command's options and the exit codes it uses: run, validate and "
                        + "backups verify give them meanings of their own."},
        subcommands = {
                RunCommand.class,
                DemoCommand.class,
                BackupCommand.class,
                ConnectorsCommand.class,
                BackupsCommand.class,
                ShowCommand.class,
                ValidateCommand.class,
                CompletionCommand.class,
        },
        // Inherited by every command that lists no exit codes of its own, like the footer.
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the command failed: unreadable source data, the object store, catalog or network, or a bug",
                "2:usage error or invalid input: a bad option, spec or location, an unknown connector, backup, keyspace or table"},
        footerHeading = "%n",
        footer = "Every invalid-input message (exit code 2) is listed in docs/bad-input.md, every kind of error and its exit "
                + "code in docs/errors.md. --verbose adds the stack trace to an error's one line.")
public final class MovedataCli extends CommandGroup {
    /** The command did what was asked. */
    public static final int SUCCESS = 0;
    /**
     * The movement or command failed: any {@link ErrorKind} but invalid input; for {@code validate},
     * the two sides differ.
     */
    public static final int FAILED = 1;
    /**
     * Usage error or invalid input ({@link ErrorKind#INVALID_INPUT}) the user must fix: an unknown
     * option, a bad spec, location or consistency level, an unknown connector, backup, keyspace or table.
     */
    public static final int INVALID_INPUT = 2;
    /**
     * {@code run} only: the movement changed its tables, but its report could not be written; the
     * summary and stderr say which tables were committed and why the report is missing.
     */
    public static final int REPORT_NOT_WRITTEN = 3;

    private static final String VERBOSE = "--verbose";

    // Declares the option; the error handler reads it from the parse result, which records it at
    // whichever command level it was given.
    @Option(names = VERBOSE, scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, and the warnings of Spark and the libraries.")
    boolean verbose;

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        int code = execute(args, writer(System.out), writer(System.err));
        LocalSpark.stopIfStarted();
        // Under spark-submit a normal return lets the cluster manager record success (an exit from the
        // driver's main thread counts as a failure on YARN); a local run ends the JVM in any case.
        if (code != SUCCESS || !LocalSpark.launchedBySparkSubmit()) {
            System.exit(code);
        }
    }

    /**
     * A writer on {@code stream} as the commands print to it. It buffers: what a command prints reaches
     * the stream when {@link #execute} flushes after the command (or when the command flushes).
     */
    static PrintWriter writer(OutputStream stream) {
        return new PrintWriter(stream, true, StandardCharsets.UTF_8);
    }

    /**
     * Runs the command line {@code args}, printing to {@code out} and {@code err}, and returns the exit
     * code; the Spark session a command started stays up for the next call (see {@link LocalSpark}).
     * Both writers are flushed when the command ends, however it ends: no command has to remember to.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new MovedataCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setHelpFactory(WordWrappedHelp::new);
        commandLine.setParameterExceptionHandler(MovedataCli::usageError);
        commandLine.setExecutionStrategy(parseResult -> {
            if (verbose(parseResult)) {
                // The libraries' warnings and Spark's task failures, which the default configuration silences.
                Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.WARN);
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            Throwable reported = reported(exception);
            err.println("movedata: " + SparkFailures.message(reported));
            if (verbose(parseResult)) {
                exception.printStackTrace(err);
            }
            return exitCode(reported);
        });
        return commandLine;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        // picocli prints its suggestions on lines of their own; the error is one line, so they join it.
        List<String> suggestions = e instanceof CommandLine.UnmatchedArgumentException unmatched
                ? unmatched.getSuggestions() : List.of();
        err.println("movedata: " + e.getMessage() + (suggestions.isEmpty() ? ""
                : " (did you mean " + String.join(" or ", suggestions.stream().map(s -> "'" + s + "'").toList()) + "?)"));
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
        return INVALID_INPUT;
    }

    /**
     * The exception to report ({@link SparkFailures#reported}), past picocli's own wrapper, which it
     * hands over only for an {@link Error}.
     */
    static Throwable reported(Throwable thrown) {
        return SparkFailures.reported(thrown instanceof CommandLine.ExecutionException && thrown.getCause() != null
                ? thrown.getCause() : thrown);
    }

    /** The exit code of a command that threw {@code thrown}: its {@link ErrorKind}'s. */
    static int exitCode(Throwable thrown) {
        return ErrorKind.of(thrown).exitCode();
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --version}: this build and the versions it was built against. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties versions = new Properties();
            try (InputStream in = MovedataCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("io/movedata/cli/version.properties is missing from the classpath");
                }
                versions.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read io/movedata/cli/version.properties", e);
            }
            return new String[] {
                    "movedata " + versions.getProperty("movedata"),
                    "built for Spark " + versions.getProperty("spark") + " (Scala " + versions.getProperty("scala")
                            + "), Iceberg " + versions.getProperty("iceberg") + ", Cassandra " + versions.getProperty("cassandra"),
                    "running on Java " + Runtime.version()};
        }
    }
}
