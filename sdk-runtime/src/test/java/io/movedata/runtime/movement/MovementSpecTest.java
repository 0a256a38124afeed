package io.movedata.runtime.movement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.iceberg.WriteMode;
import io.movedata.runtime.coverage.Consistency;

class MovementSpecTest {
    private static final String VALID = """
            source:
              location: s3://backups/cluster1
              s3: {endpoint: "http://127.0.0.1:9000", pathStyle: true, secretKey: "${SECRET}"}
              backup: monday
              tables: [shop.orders]
              consistency: quorum
            connector:
              name: cassandra-table
              options:
                partitionBy:
                  - bucket(16, customer)
                  - order_id
                rowWritetime: true
            destination:
              namespace: shop
              table: orders
              mode: append
            """;

    private static MovementSpec parse(String text) {
        return MovementSpec.parse(text, "spec.yaml", Map.of("SECRET", "s3cr3t")::get);
    }

    @Test
    void aSpecPrintedShowsNoSecret() {
        MovementSpec spec = parse("""
                source:
                  location: s3://backups/cluster1
                  s3: {accessKey: AKIA-SPEC-KEY, secretKey: "${SECRET}"}
                connector:
                  name: some-connector
                  options: {apiToken: tok-123456, table: shop.orders}
                destination:
                  catalog: {name: lake, type: rest, properties: {credential: "client:cred-98765", uri: "http://127.0.0.1:8181"}}
                  namespace: shop
                  table: orders
                spark:
                  config: {spark.hadoop.fs.s3a.secret.key: hadoop-s3cr3t, spark.sql.shuffle.partitions: "8"}
                """);

        assertThat(spec.toString()).doesNotContain("AKIA-SPEC-KEY", "s3cr3t", "tok-123456", "cred-98765", "hadoop-s3cr3t")
                .contains("secretKey=****", "accessKey=****", "apiToken=****", "credential=****", "table=shop.orders",
                        "uri=http://127.0.0.1:8181", "spark.sql.shuffle.partitions=8");
    }

    @Test
    void readsEverySectionWithDefaultsAndEnvironmentVariables() {
        MovementSpec spec = parse(VALID);

        assertThat(spec.storeLocation().toString()).isEqualTo("s3://backups/cluster1");
        assertThat(spec.source().s3()).containsEntry("secretKey", "s3cr3t").containsEntry("pathStyle", "true");
        assertThat(spec.consistency()).isEqualTo(Consistency.QUORUM);
        assertThat(spec.sourceTables()).containsExactly("shop.orders");
        assertThat(spec.connectorOptions())
                .containsEntry("partitionBy", "bucket(16, customer),order_id")
                .containsEntry("rowWritetime", "true");
        assertThat(spec.mode()).isEqualTo(WriteMode.APPEND);
        assertThat(spec.asOf()).isNull();
        assertThat(spec.reportDirectoryOrDefault()).isEqualTo(".movedata/reports");
        assertThat(spec.destination().catalog()).isNull();
    }

    @Test
    void jsonIsAcceptedAndTheFileNameIsTheDefaultName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nightly-orders.json");
        Files.writeString(file, """
                {"source": {"location": "file:///var/backups", "asOf": "2026-11-20T00:00:00Z"},
                 "connector": {"name": "cassandra-table", "options": {"table": "shop.orders"}},
                 "destination": {"namespace": "shop", "table": "orders"}}
                """);

        MovementSpec spec = MovementSpec.read(file);

        assertThat(spec.name()).isEqualTo("nightly-orders");
        assertThat(spec.asOf()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(spec.skewWindow()).isNull();
        assertThat(spec.mode()).isEqualTo(WriteMode.OVERWRITE);
        assertThat(spec.consistency()).isEqualTo(Consistency.LOCAL_QUORUM);
    }

    @Test
    void everyUnknownFieldIsNamedWithItsLineAndTheFieldMostLikelyMeant() {
        String text = VALID.replace("  tables:", "  tabels:").replace("  mode: append", "  mode: append\n  colour: blue");

        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(SpecException.class)
                .hasMessage("Movement spec spec.yaml is invalid: source.tabels (line 5): unknown field, did you mean 'tables'?; "
                        + "destination.colour (line 18): unknown field; the fields of destination are catalog, namespace, "
                        + "table, tables, mode");
    }

    @Test
    void everyProblemIsListedAtOnceWithItsFieldAndLine() {
        String text = """
                source:
                  location: ftp://somewhere
                  backup: monday
                  asOf: yesterday
                  skewWindow: a while
                  tables: [orders]
                  consistency: MOST
                  splitSizeMB: lots
                connector: {options: {a: b}}
                destination: {namespace: "shop", mode: upsert}
                """;

        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(SpecException.class)
                .hasMessage("Movement spec spec.yaml is invalid: "
                        + "source.location (line 2): Backup location 'ftp://somewhere' has an unsupported scheme; expected "
                        + "s3://bucket/prefix or file:///dir; "
                        + "source.asOf (line 4): expected an ISO-8601 instant such as 2026-11-20T00:00:00Z, found 'yesterday'; "
                        + "source.asOf (line 4): source.backup is given too; give one of them; "
                        + "source.skewWindow (line 5): expected a duration such as PT30M, 90s, 30m, 6h or 1d, found 'a while'; "
                        + "source.tables[0] (line 6): expected keyspace.table, found 'orders'; "
                        + "source.consistency (line 7): Unknown consistency 'MOST'; expected one of [ONE, TWO, THREE, QUORUM, "
                        + "ALL, LOCAL_ONE, LOCAL_QUORUM]; "
                        + "source.splitSizeMB (line 8): expected a positive number of megabytes, found 'lots'; "
                        + "connector.name (line 9): missing; expected a connector such as cassandra-table (movedata connectors "
                        + "list shows them all); "
                        + "destination.table (line 10): give exactly one of destination.table (for a connector that writes "
                        + "one table) and destination.tables (target name: table, for a connector that writes several); "
                        + "destination.mode (line 10): expected overwrite or append, found 'upsert'");
    }

    @Test
    void aValueOfTheWrongKindIsNamedInTheSpecsOwnWords() {
        String text = VALID.replace("tables: [shop.orders]", "tables: {a: b}")
                .replace("name: cassandra-table", "name: [cassandra-table]")
                .replace("  namespace: shop", "  namespace: {x: 1}");

        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(SpecException.class)
                .hasMessage("Movement spec spec.yaml is invalid: "
                        + "source.tables (line 5): expected a list or comma-separated text, found a mapping; "
                        + "connector.name (line 8): expected text, found a list; "
                        + "destination.namespace (line 15): expected text, found a mapping");
    }

    @Test
    void tablesMayBeOneTableOrCommaSeparatedText() {
        assertThat(parse(VALID.replace("tables: [shop.orders]", "tables: shop.orders")).sourceTables())
                .containsExactly("shop.orders");
        assertThat(parse(VALID.replace("tables: [shop.orders]", "tables: shop.orders, shop.customers")).sourceTables())
                .containsExactly("shop.orders", "shop.customers");
    }

    @Test
    void aNamespaceThatIsGivenButMalformedSaysWhatIsWrongWithIt() {
        assertThatThrownBy(() -> parse(VALID.replace("  namespace: shop", "  namespace: 'we ird/ns;--'")))
                .hasMessage("Movement spec spec.yaml is invalid: destination.namespace (line 15): expected dot-separated "
                        + "identifiers (letters, digits and _, not starting with a digit), found 'we ird/ns;--': space, '/', "
                        + "';' and '-' are not allowed");
        assertThatThrownBy(() -> parse(VALID.replace("  namespace: shop", "  namespace: lake..2shop")))
                .hasMessageEndingWith("found 'lake..2shop': a part between dots is empty, '2shop' starts with a digit");
    }

    @Test
    void anUnsetEnvironmentVariableIsNamedAndTheFieldNotCalledMissing() {
        String text = VALID.replace("location: s3://backups/cluster1", "location: ${BACKUP_URL}");

        assertThatThrownBy(() -> MovementSpec.parse(text, "spec.yaml", Map.of("SECRET", "s3cr3t")::get))
                .hasMessage("Movement spec spec.yaml is invalid: source.location (line 2): environment variable BACKUP_URL "
                        + "is not set");
    }

    @Test
    void anEmptyLocationIsAProblemOfTheFieldReportedWithTheOthers() {
        String empty = VALID.replace("location: s3://backups/cluster1", "location: \"\"").replace("mode: append", "mode: merge");
        String emptyVariable = VALID.replace("location: s3://backups/cluster1", "location: ${BACKUP_URL}");

        assertThatThrownBy(() -> parse(empty))
                .isInstanceOf(SpecException.class)
                .hasMessage("Movement spec spec.yaml is invalid: source.location (line 2): expected s3://bucket/prefix or "
                        + "file:///dir, found an empty value; destination.mode (line 17): expected overwrite or append, found 'merge'");
        assertThatThrownBy(() -> MovementSpec.parse(emptyVariable, "spec.yaml", Map.of("SECRET", "s", "BACKUP_URL", " ")::get))
                .isInstanceOf(SpecException.class)
                .hasMessage("Movement spec spec.yaml is invalid: source.location (line 2): expected s3://bucket/prefix or "
                        + "file:///dir, found an empty value");
    }

    @Test
    void missingSectionsAreEachNamed() {
        assertThatThrownBy(() -> parse("name: x\n"))
                .hasMessage("Movement spec spec.yaml is invalid: source: missing; expected the backup location and tables to read; "
                        + "connector: missing; expected the connector and its options, such as {name: cassandra-table}; "
                        + "destination: missing; expected namespace, table and mode of the Iceberg tables to write");
    }

    @Test
    void aNumberOrBooleanWhereTextIsExpectedIsTakenAsText() {
        MovementSpec spec = parse(VALID.replace("backup: monday", "backup: 2026"));

        assertThat(spec.source().backup()).isEqualTo("2026");
        assertThat(spec.source().s3()).containsEntry("pathStyle", "true");
    }

    @Test
    void s3MaxAttemptsReachesTheStoreAndMustBeAPositiveNumber() {
        MovementSpec spec = parse(VALID.replace("pathStyle: true,", "pathStyle: true, maxAttempts: 3,"));
        assertThat(spec.storeLocation().maxAttempts()).isEqualTo(3);
        assertThat(parse(VALID).storeLocation().maxAttempts()).isEqualTo(10);

        assertThatThrownBy(() -> parse(VALID.replace("pathStyle: true,", "pathStyle: true, maxAttempts: 0,")))
                .hasMessage("Movement spec spec.yaml is invalid: source.s3.maxAttempts (line 3): expected a whole number of at "
                        + "least 1, found '0'");
    }

    @Test
    void missingEnvironmentVariableNamesTheFieldAndVariable() {
        assertThatThrownBy(() -> MovementSpec.parse(VALID, "spec.yaml", name -> null))
                .hasMessage("Movement spec spec.yaml is invalid: source.s3.secretKey (line 3): environment variable SECRET "
                        + "is not set");
    }

    @Test
    void malformedYamlNamesTheLineInOneLine() {
        assertThatThrownBy(() -> parse("source:\n  location: [unclosed\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("Movement spec spec.yaml is not valid YAML/JSON at line ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> parse("source: {}\nsource: {}\n"))
                .hasMessage("Movement spec spec.yaml is not valid YAML/JSON at line 2: Duplicate field 'source'");
    }

    @Test
    void aSpecFileThatIsMissingOrADirectorySaysSo(@TempDir Path dir) {
        Path missing = dir.resolve("nightly.yaml");

        assertThatThrownBy(() -> MovementSpec.read(missing))
                .isInstanceOf(SpecException.class)
                .hasMessage("Movement spec " + missing + " does not exist");
        assertThatThrownBy(() -> MovementSpec.read(dir))
                .isInstanceOf(SpecException.class)
                .hasMessage("Movement spec " + dir + " is a directory, not a file");
    }
}
