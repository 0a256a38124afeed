package io.movedata.runtime.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.OptionSpec;

class ConnectorOptionsTest {
    private static final List<OptionSpec> SPECS = List.of(
            OptionSpec.string("table").required().documentation("the table, keyspace.table"),
            OptionSpec.integer("buckets").defaultValue("16").validator(OptionSpec.Validator.atLeast(1))
                    .documentation("hash buckets"),
            OptionSpec.bool("verbose").defaultValue("false").documentation("log more"),
            OptionSpec.list("columns").documentation("columns to keep"),
            OptionSpec.string("format").defaultValue("json").validator(OptionSpec.Validator.oneOf("json", "avro"))
                    .documentation("value format"),
            OptionSpec.string("token").secret().documentation("API token"));

    @Test
    void typedValuesWithDefaultsAndMaskedSecrets() {
        ConnectorOptions options = ConnectorOptions.validate("kv", SPECS,
                Map.of("table", "ks.t", "columns", " a, bucket(4, b) ,,c", "token", "hunter2", "verbose", "TRUE"));

        assertThat(options.string("table")).isEqualTo("ks.t");
        assertThat(options.integer("buckets")).isEqualTo(16);
        assertThat(options.bool("verbose")).isTrue();
        assertThat(options.list("columns")).containsExactly("a", "bucket(4, b)", "c");
        assertThat(options.string("token")).isEqualTo("hunter2");
        assertThat(options.masked()).containsEntry("token", "****").containsEntry("columns", "a,bucket(4, b),c")
                .containsEntry("buckets", "16").doesNotContainValue("hunter2");
        assertThat(options.toString()).doesNotContain("hunter2");
    }

    @Test
    void everyProblemIsListedWithTheOptionsDocumentation() {
        assertThatThrownBy(() -> ConnectorOptions.validate("kv", SPECS,
                Map.of("buckets", "0", "verbose", "yes", "format", "xml", "tabel", "ks.t", "token", "hunter2x")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("Invalid options for connector 'kv': ")
                .hasMessageNotContaining("\n")
                .hasMessageContaining("unknown option 'tabel'; known options: table, buckets, verbose, columns, format, token")
                .hasMessageContaining("option 'table' is required: the table, keyspace.table")
                .hasMessageContaining("option 'buckets': expected a number of at least 1, found '0' (hash buckets)")
                .hasMessageContaining("option 'verbose': expected true or false, found 'yes' (log more)")
                .hasMessageContaining("option 'format': expected one of json, avro, found 'xml' (value format)");
    }

    @Test
    void malformedSecretIsNotEchoed() {
        List<OptionSpec> specs = List.of(OptionSpec.integer("pin").secret().documentation("a PIN"));

        assertThatThrownBy(() -> ConnectorOptions.validate("kv", specs, Map.of("pin", "12x4")))
                .hasMessageContaining("option 'pin': expected an integer, found '****'")
                .hasMessageNotContaining("12x4");
    }

    @Test
    void readingAnUndeclaredOptionIsAConnectorBug() {
        ConnectorOptions options = ConnectorOptions.validate("kv", SPECS, Map.of("table", "ks.t"));

        assertThatThrownBy(() -> options.string("tabel"))
                .hasMessageContaining("Connector 'kv' read option 'tabel', which it does not declare");
        assertThatThrownBy(() -> options.string("token")).hasMessageContaining("has no value and no default");
    }

    @Test
    void builtInConnectorIsFoundAndDescribesItsOptions() {
        var factory = Connectors.named("cassandra-table");

        assertThat(factory).isInstanceOf(CassandraTableConnector.class);
        assertThat(factory.options()).extracting(OptionSpec::describe)
                .contains("rowWritetime (boolean, default false): add column _row_writetime, a timestamp: when the row "
                        + "was last written (its newest cell's write time, to the microsecond)");
    }
}
