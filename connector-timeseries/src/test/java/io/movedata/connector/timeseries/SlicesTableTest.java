package io.movedata.connector.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;

/** A namespace's slices as read from its slices table's rows (as a lookup returns them). */
class SlicesTableTest {
    private static final StructType SCHEMA = new StructType()
            .add("namespace", DataTypes.StringType)
            .add("start_time", DataTypes.TimestampType)
            .add("end_time", DataTypes.TimestampType)
            .add("event_buckets", DataTypes.IntegerType)
            .add("seconds_per_bucket", DataTypes.IntegerType)
            .add("status", DataTypes.StringType)
            .add("table_name", DataTypes.StringType);

    private static Row row(String namespace, String start, String end, String table, Integer secondsPerBucket) {
        return new GenericRowWithSchema(new Object[] {namespace, Timestamp.from(Instant.parse(start)),
                end == null ? null : Timestamp.from(Instant.parse(end)), 4, secondsPerBucket, "ACTIVE", table}, SCHEMA);
    }

    @Test
    void theNamespacesRowsBecomeItsSlicesInStartOrder() {
        List<Slice> slices = SlicesTable.slices("ts", "m", List.of(
                row("m", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "m_2", 60),
                row("other", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z", "o_1", 60),
                row("m", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m_1", 3600)));

        assertThat(slices).containsExactly(
                new Slice("ts.m_1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"), "ACTIVE", 3600, 4),
                new Slice("ts.m_2", Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z"), "ACTIVE", 60, 4));
    }

    @Test
    void overlappingSlicesAndUnusableRowsAreRefusedNamingThem() {
        assertThatThrownBy(() -> SlicesTable.slices("ts", "m", List.of(
                row("m", "2026-01-01T00:00:00Z", "2026-01-02T12:00:00Z", "m_1", 60),
                row("m", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "m_2", 60))))
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(ErrorKind.UNREADABLE_SOURCE))
                .hasMessage("Slices table ts.m_slices: slices ts.m_1 [2026-01-01T00:00:00Z, 2026-01-02T12:00:00Z) and "
                        + "ts.m_2 [2026-01-02T00:00:00Z, 2026-01-03T00:00:00Z) overlap");
        assertThatThrownBy(() -> SlicesTable.slices("ts", "m", List.of(row("m", "2026-01-01T00:00:00Z", null, "m_1", 60))))
                .hasMessage("Slices table ts.m_slices: the slice row starting 2026-01-01T00:00:00Z (table_name 'm_1') has a "
                        + "null start_time, end_time, table_name, seconds_per_bucket or event_buckets");
        assertThatThrownBy(() -> SlicesTable.slices("ts", "m", List.of(
                row("m", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m_1", 0))))
                .hasMessage("Slices table ts.m_slices: the slice row starting 2026-01-01T00:00:00Z (table_name 'm_1'): "
                        + "seconds_per_bucket and event_buckets must be at least 1, found 0 and 4");
        assertThatThrownBy(() -> SlicesTable.slices("ts", "m", List.of(
                row("m", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "other.m_1", 60))))
                .hasMessage("Slices table ts.m_slices: the slice row starting 2026-01-01T00:00:00Z (table_name 'other.m_1'): "
                        + "its table_name is expected to be a table of keyspace ts (1 to 48 letters, digits or underscores)");
        assertThatThrownBy(() -> SlicesTable.slices("ts", "m", List.of(
                row("m", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "m_1,ts.m_2@x", 60))))
                .hasMessage("Slices table ts.m_slices: the slice row starting 2026-01-01T00:00:00Z (table_name "
                        + "'m_1,ts.m_2@x'): its table_name is expected to be a table of keyspace ts (1 to 48 letters, "
                        + "digits or underscores)");
    }

    @Test
    void aTableWithoutTheModelsColumnsIsRefusedNamingTheColumn() {
        Row row = new GenericRowWithSchema(new Object[] {"m", "2026"}, new StructType().add("namespace", DataTypes.StringType)
                .add("start_time", DataTypes.StringType));

        assertThatThrownBy(() -> SlicesTable.slices("ts", "m", List.of(row)))
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("Table ts.m_slices is not a time-series slices table: expected column start_time timestamp, found a "
                        + "String");
    }
}
