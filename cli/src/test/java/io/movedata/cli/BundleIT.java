package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;

/**
 * The spark-submit bundle (target/movedata-bundle.jar): what it holds, and the command run from it
 * the way spark-submit runs it, beside the jars of a Spark distribution only (spark-sql's own
 * dependency tree, resolved apart from this module's: target/spark-classpath.txt).
 */
class BundleIT {
    @TempDir
    static Path work;

    private static Path bundle;
    private static String location;
    private static Set<String> bundleEntries;

    @BeforeAll
    static void writeBackupAndReadBundle() throws IOException {
        assumeTrue(System.getProperty("movedata.bundle") != null,
                "runs in the cli module's integration-test phase, after package built the bundle");
        bundle = BundleSubmit.bundle();
        StoreLocation backups = StoreLocation.ofDirectory(work.resolve("backups"));
        try (FixtureCluster cluster = SmallTable.cluster(2, 1); ObjectStore store = ObjectStores.open(backups)) {
            SmallTable.writeGrid(cluster, 3, 2, (k, c) -> "v-" + k + "-" + c);
            cluster.backup(store, backups, "b1", BackupMode.FULL);
        }
        location = backups.toString();
        bundleEntries = entries(bundle);
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> names = new HashSet<>();
            file.stream().map(ZipEntry::getName).forEach(names::add);
            return names;
        }
    }

    private static String entryText(String name) throws IOException {
        try (JarFile file = new JarFile(bundle.toFile())) {
            ZipEntry entry = file.getEntry(name);
            assertThat(entry).as(name + " in the bundle").isNotNull();
            return new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code spark-submit --master local[2] --class io.movedata.cli.MovedataCli movedata-bundle.jar <args>}. */
    private static ChildProcess sparkSubmit(String... args) throws IOException, InterruptedException {
        return BundleSubmit.local(work, args);
    }

    @Test
    void showUnderSparkSubmitPrintsTheTablesRows() throws Exception {
        ChildProcess run = sparkSubmit("show", location, "--table", "ks.t");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(" k | c | v");
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size() - 1)) {
            rows.add(line.replaceAll("\\s+", ""));
        }
        assertThat(rows).containsExactlyInAnyOrder("0|0|v-0-0", "0|1|v-0-1", "1|0|v-1-0", "1|1|v-1-1", "2|0|v-2-0", "2|1|v-2-1");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("(6 rows)");
    }

    @Test
    void runUnderSparkSubmitWritesTheIcebergTableWithLineage() throws Exception {
        Path warehouse = work.resolve("warehouse");
        Path spec = work.resolve("submitted.yaml");
        Files.writeString(spec, """
                source: {location: "%s", backup: b1, tables: [ks.t], consistency: ONE}
                connector: {name: cassandra-table, options: {partitionBy: "bucket(2, k)", sortBy: "k, c DESC"}}
                destination:
                  catalog: {name: lake, type: hadoop, warehouse: "%s"}
                  namespace: ks
                  table: t
                reportDirectory: "%s"
                """.formatted(location, warehouse, work.resolve("reports")));

        ChildProcess run = sparkSubmit("run", spec.toString());
        ChildProcess again = sparkSubmit("run", spec.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("SUCCEEDED", "lake.ks.t: 6 rows written", "table created");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("UP_TO_DATE", "lake.ks.t: already up to date");
        Path metadata = warehouse.resolve("ks/t/metadata");
        String latest;
        try (var files = Files.list(metadata)) {
            latest = files.map(Path::toString).filter(f -> f.endsWith(".metadata.json")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        assertThat(Files.readString(Path.of(latest)).replaceAll("\\s", ""))
                .contains("\"movedata.backup.name\":\"b1\"", "\"movedata.consistency\":\"ONE\"", "\"added-records\":\"6\"");
    }

    @Test
    void invalidInputKeepsItsExitCodeUnderSparkSubmit() throws Exception {
        ChildProcess run = sparkSubmit("show", location, "--table", "ks.nope");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("movedata: Table 'ks.nope' is not in the schema.cql of " + location);
    }

    @Test
    void connectorsAreFoundThroughTheMergedServiceFiles() throws Exception {
        ChildProcess run = sparkSubmit("connectors", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("cassandra-table (version 1)").contains("    partitionBy (list, optional): ")
                .contains("\nkey-value (version 1)\n", "    namespace (string, required): ", "    kv_key_text: ")
                .contains("\ngraph (version 1)\n", "    schema (string, required): ");
    }

    @Test
    void theGraphSchemaIsReadWithTheRelocatedJacksonAndSnakeYaml() throws Exception {
        Path spec = work.resolve("graph.yaml");
        Files.writeString(spec, """
                source: {location: "%s", backup: b1}
                connector: {name: graph, options: {schema: "keyspace: g\\nnodeTypes: [{name: person"}}
                destination: {catalog: {name: lake, type: hadoop, warehouse: "%s"}, namespace: g, tables: {person: person}}
                reportDirectory: "%s"
                """.formatted(location, work.resolve("graph-warehouse"), work.resolve("reports")));

        ChildProcess run = sparkSubmit("run", spec.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).contains("movedata: Invalid graph schema (connector option 'schema'): line 2: not valid YAML: "
                + "expected ',' or '}', but got <stream end> (while parsing a flow mapping from line 2)");
    }

    @Test
    void bundleLeavesOutSparkScalaHadoopAndTheTestkit() {
        List<String> leftOut = List.of("org/apache/spark/SparkContext.class", "org/apache/spark/sql/Dataset.class",
                "scala/", "org/apache/hadoop/", "io/movedata/testkit/", "org/gaul/", "org/eclipse/jetty/", "io/netty/",
                "org/slf4j/", "net/jpountz/");
        for (String prefix : leftOut) {
            assertThat(bundleEntries).as("entries starting with " + prefix).noneMatch(name -> name.startsWith(prefix));
        }
        assertThat(bundleEntries).contains("io/movedata/cli/MovedataCli.class", "io/movedata/runtime/spark/CassandraBackupSource.class",
                "org/apache/cassandra/db/ColumnFamilyStore.class", "org/apache/iceberg/spark/source/IcebergSource.class",
                "io/movedata/connector/kv/KeyValueConnector.class",
                "software/amazon/awssdk/services/s3/S3Client.class", "picocli/CommandLine.class");
    }

    @Test
    void noClassOfTheBundleIsAlsoInTheSparkDistribution() throws IOException {
        Set<String> bundleClasses = new TreeSet<>();
        for (String name : bundleEntries) {
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                bundleClasses.add(name);
            }
        }
        Set<String> shared = new TreeSet<>();
        for (Path jar : BundleSubmit.sparkJars()) {
            for (String name : entries(jar)) {
                if (bundleClasses.contains(name)) {
                    shared.add(name);
                }
            }
        }
        // Iceberg's Spark runtime jar embeds JetBrains' annotations, which Spark has too: harmless twins.
        assertThat(shared).allMatch(name -> name.startsWith("org/jetbrains/annotations/") || name.startsWith("org/intellij/lang/"),
                "is one of the JetBrains annotations that Iceberg's runtime embeds");
    }

    @Test
    void clashingLibrariesAreRelocated() {
        for (String original : List.of("com/google/common/", "com/google/thirdparty/", "com/fasterxml/jackson/", "org/yaml/snakeyaml/",
                "org/apache/commons/lang3/", "org/apache/http/", "com/codahale/metrics/", "com/clearspring/")) {
            assertThat(bundleEntries).as("unrelocated " + original).noneMatch(name -> name.startsWith(original));
            assertThat(bundleEntries).as("relocated " + original).anyMatch(name -> name.startsWith("io/movedata/shaded/" + original));
        }
        assertThat(bundleEntries).contains("io/movedata/shaded/com/google/common/collect/ImmutableList.class",
                "io/movedata/shaded/com/fasterxml/jackson/databind/ObjectMapper.class",
                "io/movedata/shaded/org/yaml/snakeyaml/Yaml.class");
    }

    @Test
    void serviceFilesAreMergedAndFollowTheRelocations() throws IOException {
        assertThat(entryText("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister").lines())
                .contains("io.movedata.runtime.spark.CassandraBackupSource", "org.apache.iceberg.spark.source.IcebergSource");
        assertThat(entryText("META-INF/services/io.movedata.api.ConnectorFactory").lines())
                .contains("io.movedata.runtime.connector.CassandraTableConnector");
        assertThat(entryText("META-INF/services/io.movedata.shaded.com.fasterxml.jackson.core.JsonFactory").lines())
                .contains("io.movedata.shaded.com.fasterxml.jackson.core.JsonFactory");
        assertThat(bundleEntries).noneMatch(name -> name.startsWith("META-INF/services/com.fasterxml.jackson"));
    }

    @Test
    void manifestNamesTheMainClassAndNoSignatureIsLeft() throws IOException {
        assertThat(entryText("META-INF/MANIFEST.MF")).contains("Main-Class: io.movedata.cli.MovedataCli", "Multi-Release: true");
        assertThat(bundleEntries).noneMatch(name -> name.startsWith("META-INF/")
                && (name.endsWith(".SF") || name.endsWith(".DSA") || name.endsWith(".RSA")));
        assertThat(bundleEntries).doesNotContain("module-info.class", "log4j2.properties");
        assertThat(Collections.frequency(new ArrayList<>(bundleEntries), "io/movedata/cli/version.properties")).isEqualTo(1);
    }
}
