package io.movedata.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

import io.movedata.api.ConnectorException;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.sstable.SchemaException;

/**
 * The {@code movedata} command. Run locally by {@code bin/movedata} (Spark in the same JVM) or on a
 * cluster by {@code spark-submit --class io.movedata.cli.MovedataCli movedata-bundle.jar ...}.
 *
 * <p>A new subcommand is one more class in {@code subcommands} below. The spark-submit bundle leaves
 * {@code sdk-testkit} out, so a command that uses it (the demo) must touch its types only inside
 * its {@code call()}, never in fields or signatures that picocli reflects on at start-up.
 *
 * <p>Errors print one line, {@code movedata: <message>}, to stderr (the stack trace too with
 * {@code --verbose}), and the exit code says what kind of error it was: see {@link #INVALID_INPUT}.
 */
@Command(name = "movedata",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        versionProvider = MovedataCli.Version.class,
        description = "Moves Cassandra data from backups in object storage into Apache Iceberg tables, with Apache Spark.",
        subcommands = {
                RunCommand.class,
                DemoCommand.class,
                BackupCommand.class,
                ConnectorsCommand.class,
                BackupsCommand.class,
                ShowCommand.class,
                ValidateCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the movement or command failed (object store, Spark, or an unexpected error); for validate: differences found",
                "2:usage error or invalid input: a bad option, spec or location, an unknown connector, backup or table",
                "3:run: the tables were written (the summary says which) but the movement report could not be"})
public final class MovedataCli extends CommandGroup {
    /** The command did what was asked. */
    public static final int SUCCESS = 0;
    /**
     * The movement or command failed: the store could not be read, Spark failed, or an unexpected
     * error; for {@code validate}, the two sides differ.
     */
    public static final int FAILED = 1;
    /**
     * Usage error or invalid input the user must fix: an unknown option, a bad spec, location or
     * consistency level, an unknown connector, backup, keyspace or table.
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
    @Option(names = VERBOSE, scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean verbose;

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(args, out, err);
        LocalSpark.stopIfStarted();
        // Under spark-submit a normal return lets the cluster manager record success (an exit from the
        // driver's main thread counts as a failure on YARN); a local run ends the JVM in any case.
        if (code != SUCCESS || !LocalSpark.launchedBySparkSubmit()) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line {@code args}, printing to {@code out} and {@code err}, and returns the exit
     * code; the Spark session a command started stays up for the next call (see {@link LocalSpark}).
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new MovedataCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(MovedataCli::usageError);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            Throwable reported = reported(exception);
            err.println("movedata: " + message(reported));
            if (verbose(parseResult)) {
                exception.printStackTrace(err);
            }
            err.flush();
            return exitCode(reported);
        });
        return commandLine.execute(args);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("movedata: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return INVALID_INPUT;
    }

    /**
     * The exception to report: the first in the cause chain that is not merely a wrapper (Spark's
     * job failure, a future's or reflection's), so a backup error from an executor reads as itself.
     */
    static Throwable reported(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = thrown;
        while (isWrapper(current) && current.getCause() != null && seen.add(current)) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException || t instanceof CommandLine.ExecutionException
                // by name: the class is Spark's, absent from the classpath of commands that never start Spark
                || t.getClass().getName().equals("org.apache.spark.SparkException");
    }

    static int exitCode(Throwable reported) {
        return reported instanceof IllegalArgumentException || reported instanceof ConnectorException
                || reported instanceof BackupException || reported instanceof SchemaException
                ? INVALID_INPUT : FAILED;
    }

    private static String message(Throwable reported) {
        String message = reported.getMessage();
        return message == null || message.isBlank() ? reported.getClass().getName() : message;
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
