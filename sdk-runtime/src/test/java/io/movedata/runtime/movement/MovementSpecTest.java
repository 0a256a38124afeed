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
import io.movedata.runtime.read.Consistency;

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
    void unknownFieldIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> parse(VALID.replace("  tables:", "  tabels:")))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("unknown field 'source.tabels'")
                .hasMessageContaining("tables");
    }

    @Test
    void everyProblemIsListedWithItsField() {
        String text = """
                source:
                  location: ftp://somewhere
                  backup: monday
                  asOf: yesterday
                  skewWindow: a while
                  tables: [orders]
                  consistency: MOST
                connector: {options: {a: b}}
                destination: {namespace: "shop", mode: upsert}
                """;

        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("field 'source.location'")
                .hasMessageContaining("'source.backup' and 'source.asOf' exclude each other")
                .hasMessageContaining("field 'source.asOf' must be an ISO-8601 instant")
                .hasMessageContaining("field 'source.skewWindow': expected a duration such as PT30M")
                .hasMessageContaining("field 'source.tables[0]' must be keyspace.table, found 'orders'")
                .hasMessageContaining("field 'source.consistency'")
                .hasMessageContaining("field 'connector.name' is required")
                .hasMessageContaining("exactly one of 'destination.table'")
                .hasMessageContaining("field 'destination.mode' must be overwrite or append, found 'upsert'");
    }

    @Test
    void missingEnvironmentVariableNamesTheFieldAndVariable() {
        assertThatThrownBy(() -> MovementSpec.parse(VALID, "spec.yaml", name -> null))
                .hasMessageContaining("field 'source.s3.secretKey' refers to environment variable SECRET, which is not set");
    }

    @Test
    void wrongValueTypeNamesTheField() {
        assertThatThrownBy(() -> parse(VALID.replace("tables: [shop.orders]", "tables: {a: b}")))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("field 'source.tables'");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("source:\n  location: [unclosed\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("not valid YAML/JSON")
                .hasMessageContaining("line");
    }
}
