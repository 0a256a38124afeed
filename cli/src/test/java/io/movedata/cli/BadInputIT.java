package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;
import io.movedata.testkit.S3EndpointExtension;

/**
 * Every row of the command table in docs/bad-input.md, run through bin/movedata in a directory
 * holding the specs that page shows: the exit code, the one-line message on stderr exactly, and no
 * stack trace on either stream. The page is read, not copied, so it cannot drift from what the
 * command says.
 */
class BadInputIT {
    /** A spec on the page: its first line, a comment, names the file; line numbers in messages count it. */
    private static final Pattern SPEC = Pattern.compile("```yaml\n(# (\\S+)\n.*?)```", Pattern.DOTALL);
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(|^Caused by: |Exception in thread");
    private static final Pattern HELP_LINE = Pattern.compile("Try 'movedata [a-z ]+--help' for more information\\.");

    @RegisterExtension
    static final Launcher MOVEDATA = new Launcher();
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("backups");

    private static String page;
    private static Path dir;
    private static final Map<String, String> environment = new HashMap<>();

    /** One row: what it is, the command after {@code movedata}, its exit code and its message. */
    record Row(String name, String command, int exitCode, String message) {}

    @BeforeAll
    static void writeSpecsAndBackup() throws IOException {
        page = Files.readString(Launcher.root().resolve("docs/bad-input.md"));
        dir = Files.createDirectories(MOVEDATA.work().resolve("dir"));
        Matcher spec = SPEC.matcher(page);
        while (spec.find()) {
            Files.writeString(dir.resolve(spec.group(2)), spec.group(1));
        }

        try (FixtureCluster cluster = SmallTable.cluster(1, 1); ObjectStore store = S3.openStore("backups")) {
            cluster.execute("INSERT INTO ks.t (k, c, v) VALUES (?, ?, ?)", 1, 1, "one");
            cluster.backup(store, S3.location("backups", "cluster1"), "b1", BackupMode.DIFFERENTIAL);
        }
        environment.put("AWS_ENDPOINT_URL_S3", S3.endpoint().endpoint());
        environment.put("S3_ENDPOINT", S3.endpoint().endpoint());
        environment.put("AWS_ACCESS_KEY_ID", S3Endpoint.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", S3Endpoint.SECRET_KEY);
        environment.put("AWS_REGION", S3Endpoint.REGION);
        environment.put("BACKUP_URL", null);
    }

    /** The rows of the table under "## The movedata command". */
    static List<Row> rows(String page) {
        int start = page.indexOf("## The movedata command");
        int end = page.indexOf("\n## ", start + 1);
        List<Row> rows = new ArrayList<>();
        for (String line : page.substring(start, end < 0 ? page.length() : end).split("\n")) {
            if (!line.startsWith("| ") || line.startsWith("| case ")) {
                continue;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
            rows.add(new Row(cells[0], unquote(cells[1]).substring("movedata ".length()), Integer.parseInt(cells[2]),
                    unquote(cells[3])));
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.substring(1, cell.length() - 1);
    }

    @TestFactory
    Stream<DynamicTest> everyRowOfTheTableIsWhatTheCommandSays() {
        List<Row> rows = rows(page);
        // Against a table that failed to parse, which would pass with no rows.
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            String[] args = row.command().replace("<dir>", dir.toString()).split(" ");

            ChildProcess run = MOVEDATA.runIn(dir, environment, args);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(row.exitCode());
            List<String> lines = run.err().lines().toList();
            assertThat(lines).as(run.toString()).isNotEmpty();
            assertThat(lines.get(0)).as(run.toString()).isEqualTo(row.message().replace("<dir>", dir.toString()));
            assertThat(lines.subList(1, lines.size())).as(run.toString()).allMatch(line -> HELP_LINE.matcher(line).matches());
            assertThat(STACK_FRAME.matcher(run.out() + run.err()).find()).as(run.toString()).isFalse();
            if (row.command().startsWith("run ")) {
                // Refused before the movement began (and before Spark started): no summary of a run.
                assertThat(run.out()).as(run.toString()).isEmpty();
            }
        }));
    }
}
