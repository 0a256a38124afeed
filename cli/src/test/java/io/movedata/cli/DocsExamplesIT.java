package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.connector.kv.ValueCodec;
import io.movedata.connector.kv.fixture.KvNamespaceWriter;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.S3Endpoint;

/**
 * Every command README.md and the pages under docs/ show, run through the real launcher ({@code bin/movedata}, a
 * child process) against backups with the names the pages use; exit code, stdout and stderr checked.
 * A page's example without an expectation in {@link #expectations()} fails the suite, and so does an
 * expectation whose example is gone: a new example is one more line there.
 *
 * <p>Two S3 endpoints (S3Proxy, in this JVM) stand in for the pages' buckets; the launcher reaches
 * them through the AWS SDK's environment ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ACCESS_KEY_ID}, ...),
 * as a user's shell would. docs/backups.md's {@code $ movedata} examples run against
 * {@link DocumentedBackups} and must print exactly what the page shows; the others against
 * {@link ReadmeBackups}. Paths the pages name ({@code file:///backups}, {@code /data/warehouse},
 * {@code /exports/orders.jsonl}) are replaced by directories of this test; the files they name
 * relatively ({@code orders.yaml}, {@code users-kv.yaml}, {@code export.jsonl}) are in the working directory of every run.
 *
 * <p>Every run's stderr is empty or one line {@code movedata: ...}: no log line, no stack trace.
 */
class DocsExamplesIT {
    /** Where an example runs: the endpoint its S3 locations are in. */
    private enum World { BACKUPS_PAGE, README }

    /**
     * What an example must do.
     *
     * @param world the endpoint it reads
     * @param exitCode its exit code
     * @param asDocumented whether it must print exactly the output its page shows
     * @param printed further checks of what it printed, beyond the rule for stderr every run keeps
     */
    private record Expectation(World world, int exitCode, boolean asDocumented, Consumer<ChildProcess> printed) {
        Expectation(World world, int exitCode, Consumer<ChildProcess> printed) {
            this(world, exitCode, false, printed);
        }

        static Expectation asDocumented(int exitCode) {
            return new Expectation(World.BACKUPS_PAGE, exitCode, true, run -> {});
        }
    }

    private static final int OK = MovedataCli.SUCCESS;
    private static final int FAILED = MovedataCli.FAILED;
    private static final int INVALID = MovedataCli.INVALID_INPUT;
    /** A table's directory in a backup key: its id differs from the page's in every fixture. */
    private static final Pattern TABLE_ID = Pattern.compile("-[0-9a-f]{32}/");
    /** An SSTable's generation: the fixture numbers SSTables across the JVM, so it depends on the tests before. */
    private static final Pattern GENERATION = Pattern.compile("/([a-z]{2})-\\d+-(big|bti)-");
    private static final Pattern SNAPSHOT = Pattern.compile("table {3}lake\\.shop\\.orders: [0-9,]+ rows written, snapshot (\\d+)");

    @RegisterExtension
    static final Launcher MOVEDATA = new Launcher();

    private static Path root;
    private static DocumentedBackups backupsPage;
    private static ReadmeBackups readme;
    private static List<DocsExample> examples;
    /** Values the pages cannot know, set by the runs that make them (the movement's snapshot, a time after it). */
    private static final Map<String, String> produced = new LinkedHashMap<>();

    @BeforeAll
    static void writeBackups() throws IOException {
        root = Launcher.root();
        examples = DocsExample.read(root);
        backupsPage = new DocumentedBackups(Files.createDirectories(MOVEDATA.work().resolve("backups-page")));
        readme = new ReadmeBackups(Files.createDirectories(MOVEDATA.work().resolve("readme")));
        Files.writeString(readme.directory.resolve("orders.yaml"), substituted(yamlBlock("README.md", "orders.yaml")));
        Files.writeString(readme.directory.resolve("users-kv.yaml"),
                substituted(yamlBlock("docs/connectors/key-value.md", "users-kv.yaml")));
    }

    @AfterAll
    static void close() {
        if (backupsPage != null) {
            backupsPage.close();
        }
        if (readme != null) {
            readme.close();
        }
    }

    /**
     * Every example, by its command as the page writes it, in the order they run (the movement before
     * the validations of its table). Examples with documented output are checked against it.
     */
    private static Map<String, Expectation> expectations() {
        Map<String, Expectation> expect = new LinkedHashMap<>();
        // docs/backups.md: each prints what the page shows.
        for (String command : List.of("movedata backups list s3://backups/cluster1", "movedata backups list s3://backups/broken",
                "movedata backups list s3://backups/cluster1 --as-of 2026-11-21T12:00:00Z",
                "movedata backups show s3://backups/cluster1 b2",
                "movedata backups verify s3://backups/cluster1 --as-of 2026-11-21T12:00:00Z --consistency ONE")) {
            expect.put(command, Expectation.asDocumented(OK));
        }
        for (String command : List.of("movedata backups verify s3://backups/cluster1 b2", "movedata backups verify s3://backups/broken",
                "movedata backups verify s3://backups/damaged --checksums")) {
            expect.put(command, Expectation.asDocumented(FAILED));
        }
        for (String command : List.of("movedata backups verify s3://backups/cluster1 b9",
                "movedata backups verify s3://backups/cluster1 --as-of yesterday",
                "movedata backups verify s3://backups/cluster1 --as-of 2026-11-19T00:00:00Z")) {
            expect.put(command, Expectation.asDocumented(INVALID));
        }

        // README.md and the other pages.
        expect.put("bin/movedata connectors list", new Expectation(World.README, OK, run -> assertThat(run.out())
                .startsWith("cassandra-table (version 1)\n").contains("    partitionBy (list, optional): ")));
        expect.put("bin/movedata completion", new Expectation(World.README, OK, run -> assertThat(run.out())
                .contains("_complete_movedata()", "complete -F _complete_movedata")));
        expect.put("bin/movedata backups list s3://bucket/medusa-prefix", new Expectation(World.README, OK, run -> {
            assertThat(run.out()).startsWith("Backups at s3://bucket/medusa-prefix (medusa layout): 1 backup, 3 node backups\n");
            assertThat(PrintedText.of(run.out()).table("backup", "reference time", "nodes complete", "size", "state"))
                    .singleElement().asString().startsWith("nightly|" + ReadmeBackups.NIGHTLY_STARTED + "|3/3|").endsWith("|complete");
        }));
        expect.put("bin/movedata backups show s3://bucket/prefix nightly", new Expectation(World.README, OK, run -> {
            assertThat(run.out()).startsWith("Backup 'nightly' at s3://bucket/prefix (medusa layout)\n"
                    + "reference time: " + ReadmeBackups.NIGHTLY_STARTED + "\nnodes: 3 of 3 available\n");
            assertThat(PrintedText.of(run.out()).table("keyspace", "replication", "tables"))
                    .contains("ks|SimpleStrategy 3|users", "shop|SimpleStrategy 3|orders");
        }));
        expect.put("bin/movedata backups verify s3://bucket/prefix --as-of 2026-11-20T00:00:00Z --consistency QUORUM",
                new Expectation(World.README, OK, run -> {
                    assertThat(PrintedText.of(run.out()).table("backup", "keyspace", "consistency", "result", "detail"))
                            .containsExactly("nightly|ks|QUORUM|readable|", "nightly|kv|QUORUM|readable|",
                                    "nightly|shop|QUORUM|readable|");
                    assertThat(run.out()).endsWith("result: ok: 3 of 3 node backups complete, 3 of 3 reads can proceed\n");
                }));
        expect.put("bin/movedata show file:///backups --table ks.users", new Expectation(World.README, OK, run -> {
            List<String> rows = PrintedText.of(run.out()).table("id", "email", "name");
            assertThat(rows.subList(0, rows.size() - 1)).containsExactlyInAnyOrderElementsOf(ReadmeBackups.USERS);
            assertThat(rows.get(rows.size() - 1)).isEqualTo("(3 rows)");
        }));
        // Before the run: there is no table yet, and the dry run must not make one.
        expect.put("bin/movedata run --dry-run orders.yaml", new Expectation(World.README, OK, run -> {
            assertThat(run.out()).startsWith("dry run of movement orders: the run would proceed; nothing was read or written\n"
                    + "  backup  s3://backups/cluster1 'backup-2026-11-20', reference time ");
            assertThat(run.out().lines().filter(line -> line.startsWith("  node    "))).hasSize(3)
                    .allSatisfy(line -> assertThat(line).contains(": backup-2026-11-20 (", ") chosen"));
            assertThat(run.out()).containsPattern("\n  read    \\d+ splits over \\d+ SSTables: " + DryRunIT.SIZE
                    + " of SSTables, about " + DryRunIT.SIZE + " to fetch from the store\n");
            assertThat(run.out()).endsWith("""
                      table   lake.shop.orders: would be created with its first snapshot
                                columns customer string not null, order_id int, quantity int, status string
                                partition spec [bucket(16, customer)]
                                sort order [customer ASC NULLS FIRST, order_id DESC NULLS LAST]
                    """);
            assertThat(readme.directory.resolve("warehouse")).as("the spec's warehouse").doesNotExist();
            assertThat(readme.directory.resolve(MovementSpec.DEFAULT_REPORTS)).as("the reports").doesNotExist();
        }));
        expect.put("bin/movedata run orders.yaml", new Expectation(World.README, OK, run -> {
            assertThat(run.out()).contains("): SUCCEEDED in ", "  backup  s3://backups/cluster1 'backup-2026-11-20', ",
                    "table created");
            Matcher snapshot = SNAPSHOT.matcher(run.out());
            assertThat(snapshot.find()).as(run.out()).isTrue();
            assertThat(run.out()).contains("lake.shop.orders: " + ReadmeBackups.ORDERS.size() + " rows written");
            produced.put("@5122318812394", "@" + snapshot.group(1));
            produced.put("@2026-11-20T00:00:00Z", "@" + Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        }));
        expect.put("bin/movedata run users-kv.yaml", new Expectation(World.README, OK, run -> {
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).contains("): SUCCEEDED in ", "  backup  s3://backups/cluster1 'backup-2026-11-20', ",
                    "table   lake.kv.users_items: " + ReadmeBackups.KV_ITEMS + " rows written",
                    "table   lake.kv.users_records: " + ReadmeBackups.KV_RECORDS + " rows written");
        }));
        for (String command : List.of("bin/movedata validate export.jsonl lake.shop.orders --catalog lake:type=hadoop,warehouse=/data/warehouse",
                "bin/movedata validate /exports/orders.jsonl lake.shop.orders --catalog lake:type=hadoop,warehouse=/data/warehouse",
                "bin/movedata validate lake.shop.orders@5122318812394 lake.shop.orders --catalog lake:type=hadoop,warehouse=/data/warehouse",
                "bin/movedata validate lake.shop.orders@2026-11-20T00:00:00Z lake.shop.orders --ignore status "
                        + "--catalog lake:type=hadoop,warehouse=/data/warehouse")) {
            expect.put(command, new Expectation(World.README, OK, run -> assertThat(run.out())
                    .contains(": EQUAL in ", ": " + ReadmeBackups.ORDERS.size() + " rows\n", "  C - M       0 rows\n", "  M - C       0 rows\n")));
        }
        expect.put("bin/movedata demo", new Expectation(World.README, OK, run -> {
            assertThat(run.err()).isEmpty();
            assertThat(run.out())
                    .contains("1. S3 endpoint (S3Proxy) on http://127.0.0.1:", "2. Backup 'demo-backup' of a 3-node RF=3 cluster")
                    .contains("; key-value namespace kv.users (items and chunks), 1,004 item writes of mixed sizes and codecs")
                    .contains("): SUCCEEDED", "table   demo.shop.orders: ", "table created")
                    .contains("4. A sample of the Iceberg table demo.shop.orders:", " customer  | order_id | customer_name")
                    .contains("movedata.backup.name = demo-backup", "movedata.connector = cassandra-table")
                    .contains("Report: " + readme.directory.resolve(".movedata/demo/reports"))
                    .contains("6. Movement " + readme.directory.resolve(".movedata/demo/kv-movement.yaml") + " (key-value: kv.users")
                    .contains("table   demo.kv.user_items: ", "table   demo.kv.user_records: ")
                    .contains("7. Items of demo.kv.user_items, the smallest and the largest of each content type, decoded:")
                    .contains("; time-series namespace ts.readings (4 one-day slices, the last open), ")
                    .contains("8. Movement " + readme.directory.resolve(".movedata/demo/timeseries-movement.yaml") + " (timeseries: ")
                    .containsPattern("\n  table   demo\\.ts\\.events: [0-9,]+ rows written replacing 0 rows where \\(event_time >= ")
                    .containsPattern("\n     movedata\\.connector\\.timeseries\\.closed = ts\\.readings_d0@[^,]+,ts\\.readings_d1@[^,]+,"
                            + "ts\\.readings_d2@[^,]+\n")
                    .contains("11. Movement " + readme.directory.resolve(".movedata/demo/graph-movement.yaml") + " (graph: ")
                    .containsPattern("\n  table   demo\\.social\\.person: [0-9,]+ rows written")
                    .containsPattern("\n  table   demo\\.social\\.edges: [0-9,]+ rows written")
                    .contains("13. Edges of demo.social.edges, two of each type")
                    .containsPattern("\n friends +\\| person +\\| .*\\| BIDIRECTIONAL +\\| ");
            DemoItems.assertDecodedAsWritten(run.out());
        }));
        // No Cassandra node listens here: the agent's first step, JMX, fails, and says where it looked.
        expect.put("bin/movedata backup s3://bucket/prefix --name nightly", new Expectation(World.README, FAILED,
                run -> assertThat(run.err()).contains("127.0.0.1:7199")));
        expect.put("bin/movedata backup s3://backups/cluster1 --name nightly-2026-11-26 --jmx 127.0.0.1:7199 --cql 127.0.0.1:9042",
                new Expectation(World.README, FAILED, run -> assertThat(run.err()).contains("127.0.0.1:7199")));
        return expect;
    }

    @Test
    void everyExampleOfTheDocsHasAnExpectationAndEveryExpectationAnExample() {
        Set<String> documented = new TreeSet<>();
        examples.forEach(example -> documented.add(example.command()));
        Set<String> expected = expectations().keySet();

        assertThat(new TreeSet<>(expected)).as("examples in README.md and docs/ without an expectation in "
                + "DocsExamplesIT.expectations(), or expectations of examples no page shows").isEqualTo(documented);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleRunsThroughTheLauncherAsDocumented() {
        Map<String, DocsExample> byCommand = new LinkedHashMap<>();
        examples.forEach(example -> byCommand.putIfAbsent(example.command(), example));
        return expectations().entrySet().stream().filter(e -> byCommand.containsKey(e.getKey()))
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> run(byCommand.get(e.getKey()), e.getValue())));
    }

    private static void run(DocsExample example, Expectation expectation) throws Exception {
        String command = substituted(MOVEDATA.executable() + " " + example.arguments());
        ChildProcess run = ChildProcess.run(List.of("bash", "-c", command), readme.directory,
                environment(expectation.world() == World.BACKUPS_PAGE ? backupsPage.s3 : readme.s3), 300);

        assertThat(run.exitCode()).as(example + "\n" + run).isEqualTo(expectation.exitCode());
        List<String> err = run.err().lines().toList();
        if (!err.isEmpty()) {
            assertThat(err.get(0)).as(example + ": the error\n" + run).startsWith("movedata: ");
            // A usage error adds where help is.
            assertThat(err.subList(1, err.size())).as(example + ": stderr is one line\n" + run)
                    .allMatch(line -> line.matches("Try 'movedata[a-z ]*--help' for more information\\."));
        }
        if (expectation.asDocumented()) {
            assertPrintedAsDocumented(example, run);
        }
        expectation.printed().accept(run);
    }

    /** The example's output is the page's: stdout, or stderr for an error; from a line {@code ...} on, its end. */
    private static void assertPrintedAsDocumented(DocsExample example, ChildProcess run) {
        List<String> page = example.output();
        boolean tail = !page.isEmpty() && page.get(0).equals("...");
        boolean error = !page.isEmpty() && page.get(0).startsWith("movedata: ");
        String documented = normalized(String.join("\n", tail ? page.subList(1, page.size()) : page) + "\n");
        String actual = normalized(error ? run.err() : run.out());
        if (tail) {
            assertThat(actual).as(example.toString()).endsWith(documented);
        } else {
            assertThat(actual).as(example.toString()).isEqualTo(documented);
        }
        if (!error) {
            assertThat(run.err()).as(example.toString()).isEmpty();
        }
    }

    /** {@code printed} with the table ids and SSTable generations, which differ from run to run, left out. */
    private static String normalized(String printed) {
        return GENERATION.matcher(TABLE_ID.matcher(printed).replaceAll("-<id>/")).replaceAll("/$1-<n>-$2-");
    }

    /** The S3 settings a user would export for {@code s3}. */
    private static Map<String, String> environment(S3Endpoint s3) {
        return Map.of("AWS_ENDPOINT_URL_S3", s3.endpoint(), "AWS_ACCESS_KEY_ID", S3Endpoint.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3Endpoint.SECRET_KEY, "AWS_REGION", S3Endpoint.REGION);
    }

    /** {@code text} with the pages' paths and unknowable values replaced by this run's. */
    private static String substituted(String text) {
        Map<String, Supplier<String>> replacements = new LinkedHashMap<>();
        replacements.put("file:///backups", () -> StoreLocation.ofDirectory(readme.fileBackups).toString());
        replacements.put("/data/warehouse", () -> readme.directory.resolve("warehouse").toString());
        replacements.put("/exports/orders.jsonl", () -> readme.export.toString());
        produced.forEach((page, value) -> replacements.put(page, () -> value));
        String result = text;
        for (Map.Entry<String, Supplier<String>> replacement : replacements.entrySet()) {
            if (result.contains(replacement.getKey())) {
                result = result.replace(replacement.getKey(), replacement.getValue().get());
            }
        }
        return result;
    }

    /** A movement spec a page shows: its yaml block that starts with {@code # <file>}. */
    private static String yamlBlock(String page, String file) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve(page));
        int start = lines.indexOf("```yaml");
        while (start >= 0 && !lines.get(start + 1).startsWith("# " + file)) {
            int next = lines.subList(start + 1, lines.size()).indexOf("```yaml");
            start = next < 0 ? -1 : next + start + 1;
        }
        assertThat(start).as(page + " has a yaml block starting with '# " + file + "'").isGreaterThanOrEqualTo(0);
        int end = lines.subList(start + 1, lines.size()).indexOf("```") + start + 1;
        return String.join("\n", lines.subList(start + 1, end)) + "\n";
    }

    /**
     * The backups README.md and the other pages name, from one 3-node RF=3 cluster with tables
     * {@code shop.orders}, {@code ks.users} and the key-value namespace {@code kv.users} (items and chunks;
     * {@link #KV_ITEMS} live items in {@link #KV_RECORDS} records): {@code backup-2026-11-20} at {@code s3://backups/cluster1},
     * {@code nightly} (started {@link #NIGHTLY_STARTED}) at {@code s3://bucket/prefix} and
     * {@code s3://bucket/medusa-prefix} and in the directory standing for {@code file:///backups}; the
     * orders as an export, {@code export.jsonl} and {@code /exports/orders.jsonl}.
     */
    private static final class ReadmeBackups implements AutoCloseable {
        static final String NIGHTLY_STARTED = "2026-11-19T23:00:00Z";
        static final int KV_ITEMS = 3;
        static final int KV_RECORDS = 2;
        static final List<String> USERS = List.of("1|ada@example.com|Ada", "2|grace@example.com|Grace", "3|alan@example.com|Alan");
        /** customer, order_id, status, quantity. */
        static final List<List<Object>> ORDERS = List.of(List.of("c1", 1, "placed", 2), List.of("c1", 2, "shipped", 1),
                List.of("c2", 1, "placed", 5), List.of("c3", 1, "cancelled", 1), List.of("c3", 2, "placed", 3));

        final Path directory;
        final S3Endpoint s3;
        final Path fileBackups;
        final Path export;

        ReadmeBackups(Path directory) throws IOException {
            this.directory = directory;
            s3 = S3Endpoint.onDisk(directory.resolve(".s3"));
            fileBackups = directory.resolve(".file-backups");
            export = Files.createDirectories(directory.resolve(".exports")).resolve("orders.jsonl");
            try (FixtureCluster cluster = FixtureCluster.builder().schema("""
                    CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
                    CREATE TABLE shop.orders (customer text, order_id int, status text, quantity int,
                        PRIMARY KEY (customer, order_id)) WITH CLUSTERING ORDER BY (order_id DESC);
                    CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
                    CREATE TABLE ks.users (id int PRIMARY KEY, name text, email text);
                    CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};
                    """ + KvNamespaceWriter.schema("kv.users", KvNamespaceWriter.KeyOrder.ASC)).nodes(3).build()) {
                List<String> lines = new ArrayList<>();
                for (List<Object> order : ORDERS) {
                    cluster.execute("INSERT INTO shop.orders (customer, order_id, status, quantity) VALUES (?, ?, ?, ?)",
                            order.toArray());
                    lines.add("{\"customer\": \"" + order.get(0) + "\", \"order_id\": " + order.get(1) + ", \"status\": \""
                            + order.get(2) + "\", \"quantity\": " + order.get(3) + "}");
                }
                Files.write(export, lines);
                Files.write(directory.resolve("export.jsonl"), lines);
                for (String user : USERS) {
                    String[] cells = user.split("\\|");
                    cluster.execute("INSERT INTO ks.users (id, email, name) VALUES (?, ?, ?)", Integer.parseInt(cells[0]),
                            cells[1], cells[2]);
                }
                writeNamespace(cluster);
                s3.createBucket("backups");
                s3.createBucket("bucket");
                try (ObjectStore store = s3.openStore("backups")) {
                    cluster.backup(store, s3.location("backups", "cluster1"), "backup-2026-11-20", BackupMode.DIFFERENTIAL);
                }
                try (ObjectStore store = s3.openStore("bucket")) {
                    for (String prefix : List.of("prefix", "medusa-prefix")) {
                        cluster.backup(store, s3.location("bucket", prefix), "nightly", BackupMode.DIFFERENTIAL);
                        s3.setLastModified("bucket", prefix + "/", Instant.parse(NIGHTLY_STARTED));
                    }
                }
                StoreLocation files = StoreLocation.ofDirectory(fileBackups);
                try (ObjectStore store = ObjectStores.open(files)) {
                    cluster.backup(store, files, "nightly", BackupMode.DIFFERENTIAL);
                }
            }
        }

        /** docs/connectors/key-value.md's kv.users: a chunked value, and an item expired before the backup. */
        private static void writeNamespace(FixtureCluster cluster) {
            KvNamespaceWriter kv = new KvNamespaceWriter(cluster, "kv.users");
            byte[] avatar = new byte[150_000];
            new Random(7).nextBytes(avatar);
            kv.item("u1", "profile").value("{\"name\":\"Ada\"}").contentType("application/json").write();
            kv.item("u1", "avatar").value(avatar).codec(ValueCodec.ZSTD).contentType("image/png").write();
            kv.item("u2", "session").value("x").expiresAt(Instant.parse("2026-01-01T00:00:00Z")).write();
            kv.item("u2", "cart").value("kettle, mug").contentType("text/plain").write();
        }

        @Override
        public void close() {
            s3.close();
        }
    }
}
