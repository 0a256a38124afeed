package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;

/** Every command's {@code --help}: within the width, wrapped between words only, with the exit codes it really uses. */
class HelpTextTest {
    private static final int WIDTH = 100;

    private static final List<String> GENERAL_EXIT_CODES = List.of(
            "  0   success",
            "  1   the command failed: unreadable source data, the object store, catalog or network, or a bug",
            "  2   usage error or invalid input: a bad option, spec or location, an unknown connector, backup,",
            "        keyspace or table");

    /** The commands whose exit codes mean more than {@link #GENERAL_EXIT_CODES}, as their help lists them. */
    private static final Map<String, List<String>> OWN_EXIT_CODES = Map.of(
            "backup", List.of(
                    "  0   done: the node backup is complete",
                    "  1   the node could not be reached, snapshotted or uploaded",
                    "  2   usage error or invalid input: a bad option or location, or the node has a backup of that name"),
            "run", List.of(
                    "  0     done: SUCCEEDED or UP_TO_DATE (with --dry-run: the run would proceed)",
                    "  1     failed: the backup cannot serve the read, the store or catalog failed, or a bug (ours or the",
                    "          connector's); every table is as it was",
                    "  2     usage error or invalid input: the spec, connector, options, backup choice, datacenter, or a",
                    "          directory the run cannot write; nothing was read",
                    "  3     the tables were written (the summary says which) but the report could not be",
                    "  130   interrupted by Ctrl-C (SIGINT); every table is as it was, the report says INTERRUPTED",
                    "  143   interrupted by SIGTERM; every table is as it was, the report says INTERRUPTED"),
            "validate", List.of(
                    "  0   C and M hold the same rows",
                    "  1   they differ, or the comparison failed (Spark, the object store, or an unexpected error)",
                    "  2   usage error or invalid input: a bad option, a --report path that cannot be written, an unknown",
                    "        catalog, table or snapshot, a missing export file, a column on one side only or of another",
                    "        type"),
            "backups verify", List.of(
                    "  0   every node backup checked is complete (with --checksums: every object matches) and every read",
                    "        checked can proceed",
                    "  1   a node backup checked is incomplete or damaged, or a read checked cannot proceed (or the",
                    "        object store failed)",
                    "  2   usage error or invalid input: an unknown backup or keyspace, a bad time, duration, level or",
                    "        location"));

    /** Every command and subcommand, each as the words that name it after {@code movedata}; the top level is empty. */
    static Stream<List<String>> commands() {
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new MovedataCli()), List.of(), commands);
        return commands.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> commands) {
        commands.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            collect(sub, subPath, commands);
        });
    }

    @ParameterizedTest(name = "movedata {0} --help")
    @MethodSource("commands")
    void helpStaysWithinTheWidthAndBreaksLinesOnlyBetweenWords(List<String> command) {
        CliRun help = help(command);

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out().lines()).as(help.out()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(WIDTH));
        // A word broken across lines (docs/validation.\nmd) becomes two words; unwrapped, no line breaks at all.
        assertThat(words(help.out())).as(help.out()).isEqualTo(words(unwrapped(command)));
    }

    @ParameterizedTest(name = "movedata {0} --help")
    @MethodSource("commands")
    void helpListsTheExitCodesTheCommandUses(List<String> command) {
        List<String> expected = OWN_EXIT_CODES.getOrDefault(String.join(" ", command), GENERAL_EXIT_CODES);

        assertThat(PrintedText.of(help(command).out()).block("Exit codes:")).as("movedata %s --help", command)
                .containsExactlyElementsOf(concat("Exit codes:", expected));
    }

    @Test
    void topHelpPointsToTheBadInputPageAndVerboseAndToEachCommandsExitCodes() {
        String help = help(List.of()).out();

        assertThat(help).contains(
                "'movedata COMMAND --help' shows a command's options and the exit codes it uses: run, validate and",
                "backups verify give them meanings of their own.",
                "Every invalid-input message (exit code 2) is listed in docs/bad-input.md, every kind of error and",
                "its exit code in docs/errors.md. --verbose adds the stack trace to an error's one line.");
    }

    private static CliRun help(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The command's help as the command line prints it, at a width at which nothing needs wrapping. */
    private static String unwrapped(List<String> command) {
        CommandLine line = MovedataCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (String name : command) {
            line = line.getSubcommands().get(name);
        }
        line.getCommandSpec().usageMessage().width(100_000);
        return line.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static List<String> words(String text) {
        return Arrays.asList(text.strip().split("\\s+"));
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
