package io.movedata.runtime.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.api.ColumnMetadataKeys;
import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.TargetTable;
import io.movedata.runtime.spark.SparkFailures;

class IcebergSinkTest {
    private static final String CATALOG = "lake";
    private static final StructType PEOPLE = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("name", DataTypes.StringType);
    /** Rows of time slices, as a connector replacing its open slices' rows writes them. */
    private static final StructType SLICED = new StructType()
            .add("slice", DataTypes.IntegerType)
            .add("id", DataTypes.IntegerType, false)
            .add("name", DataTypes.StringType);
    private static final StructType SCORED_PEOPLE = PEOPLE
            .add("score", DataTypes.LongType, true, cql("bigint", "regular"));
    /** Fails the Spark task that meets the name "cy", as a bad value or a lost executor would. */
    private static final UserDefinedFunction FAIL_ON_CY = functions.udf((UDF1<String, String>) name -> {
        if ("cy".equals(name)) {
            throw new IllegalStateException("row cy is poisoned");
        }
        return name;
    }, DataTypes.StringType);

    /** Creates table race.second, once, as another writer would, while a run writes its rows. */
    private static final UserDefinedFunction CREATE_RACE_SECOND = functions.udf((UDF1<String, String>) name -> {
        createOnce(TableIdentifier.parse("race.second"));
        return name;
    }, DataTypes.StringType);

    /** Whether the table existed, each time a row of its first write was written. */
    private static final List<Boolean> TABLE_SEEN_WHILE_WRITING = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    static Path warehouse;
    private static SparkSession spark;
    private static IcebergSink sink;
    private static Catalog catalog;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("IcebergSinkTest")
                .config("spark.ui.enabled", "false")
                .config("spark.metrics.conf.*.sink.servlet.class", NoHandlersMetricsServlet.class.getName())
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.jsonGenerator.ignoreNullFields", "false")
                .getOrCreate();
        sink = new IcebergSink(spark, CatalogSettings.hadoop(CATALOG, warehouse));
        catalog = Spark3Util.loadIcebergCatalog(spark, CATALOG);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void createsTheTableWithTheTargetsPartitioningSortOrderPropertiesAndColumnDocs() {
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType, false, cql("int", "partition_key"))
                .add("ts", DataTypes.TimestampType, false, cql("timestamp", "clustering"))
                .add("items", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true,
                        cql("map<text, int>", "regular"))
                .add("note", DataTypes.StringType, true, Metadata.empty());
        TargetTable target = new TargetTable("orders", schema, List.of("bucket(4, id)", "days(ts)"),
                List.of("id", "ts DESC NULLS LAST"), Map.of("write.parquet.compression-codec", "zstd"));
        Dataset<Row> frame = frame(schema,
                row(1, Instant.parse("2024-05-01T10:00:00Z"), Map.of("pen", 2), "first"),
                row(2, Instant.parse("2024-05-02T11:30:00Z"), Map.of(), null));

        TableResult result = sink.write(List.of(new TableWrite("shop.eu.orders", target, frame)), WriteMode.OVERWRITE,
                lineage("fp-create")).get(0);

        Table table = iceberg("shop.eu.orders");
        assertThat(result.outcome()).isEqualTo(TableResult.Outcome.WRITTEN);
        assertThat(result.created()).isTrue();
        assertThat(result.previousSnapshotId()).isNull();
        assertThat(result.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
        assertThat(result.addedRecords()).isEqualTo(2);
        assertThat(result.deletedRecords()).isZero();
        List<DataFile> files = new ArrayList<>();
        table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
        assertThat(result.addedDataFiles()).isEqualTo(files.size()).isPositive();
        assertThat(result.addedFilesBytes()).isEqualTo(files.stream().mapToLong(DataFile::fileSizeInBytes).sum());
        assertThat(result.addedColumns()).isEmpty();
        assertThat(table.spec().fields()).extracting(field -> field.transform() + "(" + table.schema()
                .findColumnName(field.sourceId()) + ")").containsExactly("bucket[4](id)", "day(ts)");
        assertThat(table.sortOrder().fields()).extracting(field -> table.schema().findColumnName(field.sourceId()),
                field -> field.direction(), field -> field.nullOrder()).containsExactly(
                tuple("id", SortDirection.ASC, NullOrder.NULLS_FIRST),
                tuple("ts", SortDirection.DESC, NullOrder.NULLS_LAST));
        assertThat(table.properties()).containsEntry("write.parquet.compression-codec", "zstd");
        assertThat(table.schema().columns()).extracting(Types.NestedField::name, Types.NestedField::doc,
                Types.NestedField::isRequired).containsExactly(
                tuple("id", "cql: int; partition_key", true),
                tuple("ts", "cql: timestamp; clustering", true),
                tuple("items", "cql: map<text, int>; regular", false),
                tuple("note", null, false));
        assertThat(table.schema().findType("items")).hasToString("map<string, int>");
        assertThat(rows("shop.eu.orders")).containsExactly(
                "{\"id\":1,\"ts\":\"2024-05-01T10:00:00.000Z\",\"items\":{\"pen\":2},\"note\":\"first\"}",
                "{\"id\":2,\"ts\":\"2024-05-02T11:30:00.000Z\",\"items\":{},\"note\":null}");
    }

    @Test
    void overwriteReplacesTheRowsInOneSnapshotAndTimeTravelReadsTheEarlierOnes() {
        TableResult first = writeOne("overwrite.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(1, "ada"), row(2, "bob")), WriteMode.OVERWRITE, "fp-1");

        TableResult second = writeOne("overwrite.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(3, "cy")), WriteMode.OVERWRITE, "fp-2");

        assertThat(second.outcome()).isEqualTo(TableResult.Outcome.WRITTEN);
        assertThat(second.created()).isFalse();
        assertThat(second.previousSnapshotId()).isEqualTo(first.snapshotId());
        assertThat(second.addedRecords()).isEqualTo(1);
        assertThat(second.deletedRecords()).isEqualTo(2);
        assertThat(rows("overwrite.people")).containsExactly("{\"id\":3,\"name\":\"cy\"}");
        assertThat(rowsAt("overwrite.people", first.snapshotId()))
                .containsExactly("{\"id\":1,\"name\":\"ada\"}", "{\"id\":2,\"name\":\"bob\"}");
        Table table = iceberg("overwrite.people");
        assertThat(table.currentSnapshot().operation()).isEqualTo("overwrite");
        assertThat(table.currentSnapshot().parentId()).isEqualTo(first.snapshotId());
    }

    @Test
    void overwriteWithNoRowsEmptiesTheTableAndRecordsTheLineage() {
        TableResult first = writeOne("empty.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(1, "ada"), row(2, "bob")), WriteMode.OVERWRITE, "fp-1");

        TableResult emptied = writeOne("empty.people", TargetTable.of("people", PEOPLE), frame(PEOPLE),
                WriteMode.OVERWRITE, "fp-2");

        assertThat(emptied.outcome()).isEqualTo(TableResult.Outcome.WRITTEN);
        assertThat(emptied.snapshotId()).isNotEqualTo(first.snapshotId());
        assertThat(emptied.addedRecords()).isZero();
        assertThat(emptied.deletedRecords()).isEqualTo(2);
        assertThat(rows("empty.people")).isEmpty();
        assertThat(sink.history("empty.people")).extracting(SnapshotInfo::fingerprint).containsExactly("fp-2", "fp-1");
    }

    @Test
    void appendAddsTheRowsToTheTables() {
        TableResult first = writeOne("append.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(1, "ada")), WriteMode.APPEND, "fp-1");

        TableResult second = writeOne("append.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(2, "bob"), row(3, "cy")), WriteMode.APPEND, "fp-2");

        assertThat(second.previousSnapshotId()).isEqualTo(first.snapshotId());
        assertThat(second.addedRecords()).isEqualTo(2);
        assertThat(second.deletedRecords()).isZero();
        assertThat(iceberg("append.people").currentSnapshot().operation()).isEqualTo("append");
        assertThat(rows("append.people")).containsExactly(
                "{\"id\":1,\"name\":\"ada\"}", "{\"id\":2,\"name\":\"bob\"}", "{\"id\":3,\"name\":\"cy\"}");
        assertThat(rowsAt("append.people", first.snapshotId())).containsExactly("{\"id\":1,\"name\":\"ada\"}");
    }

    @Test
    void rerunOfTheSameOverwriteIsUpToDateAndRunsNothing() {
        TableResult first = writeOne("rerun.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(1, "ada")), WriteMode.OVERWRITE, "fp-1");

        // A frame that would fail if it ran: nothing may run for an up-to-date table.
        TableResult rerun = writeOne("rerun.people", TargetTable.of("people", PEOPLE),
                poisoned(frame(PEOPLE, row(3, "cy"))), WriteMode.OVERWRITE, "fp-1");

        assertThat(rerun).isEqualTo(new TableResult("rerun.people", TableResult.Outcome.UP_TO_DATE, false,
                first.snapshotId(), first.snapshotId(), 0, 0, null, 0, 0, List.of(), List.of()));
        assertThat(iceberg("rerun.people").snapshots()).hasSize(1);
        assertThat(rows("rerun.people")).containsExactly("{\"id\":1,\"name\":\"ada\"}");

        TableResult next = writeOne("rerun.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(2, "bob")), WriteMode.OVERWRITE, "fp-2");

        assertThat(next.outcome()).isEqualTo(TableResult.Outcome.WRITTEN);
        assertThat(next.previousSnapshotId()).isEqualTo(first.snapshotId());
        assertThat(iceberg("rerun.people").snapshots()).hasSize(2);
        assertThat(rows("rerun.people")).containsExactly("{\"id\":2,\"name\":\"bob\"}");
    }

    @Test
    void rerunOfAnAppendIsUpToDateWhileItsSnapshotIsInTheTablesHistory() {
        TableResult first = writeOne("rerun_append.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(1, "ada")), WriteMode.APPEND, "fp-1");
        TableResult second = writeOne("rerun_append.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(2, "bob")), WriteMode.APPEND, "fp-2");

        TableResult rerunOfFirst = writeOne("rerun_append.people", TargetTable.of("people", PEOPLE),
                poisoned(frame(PEOPLE, row(3, "cy"))), WriteMode.APPEND, "fp-1");

        assertThat(first.outcome()).isEqualTo(TableResult.Outcome.WRITTEN);
        assertThat(rerunOfFirst.outcome()).isEqualTo(TableResult.Outcome.UP_TO_DATE);
        assertThat(rerunOfFirst.snapshotId()).isEqualTo(second.snapshotId());
        assertThat(iceberg("rerun_append.people").snapshots()).hasSize(2);
        assertThat(rows("rerun_append.people")).containsExactly("{\"id\":1,\"name\":\"ada\"}", "{\"id\":2,\"name\":\"bob\"}");
    }

    @Test
    void everySnapshotCarriesTheLineageAndHistoryListsThemNewestFirst() {
        Lineage backupOne = new Lineage("fp-1", Map.of("backup.name", "snap-1", "source.table", "ks.people"));
        Lineage backupTwo = new Lineage("fp-2", Map.of("backup.name", "snap-2", "source.table", "ks.people"));
        TableWrite write = new TableWrite("lineage.people", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(1, "ada")));

        long first = sink.write(List.of(write), WriteMode.OVERWRITE, backupOne).get(0).snapshotId();
        long second = sink.write(List.of(write), WriteMode.OVERWRITE, backupTwo).get(0).snapshotId();

        assertThat(iceberg("lineage.people").snapshot(first).summary())
                .containsEntry("movedata.fingerprint", "fp-1")
                .containsEntry("movedata.backup.name", "snap-1")
                .containsEntry("movedata.source.table", "ks.people");
        List<SnapshotInfo> history = sink.history("lineage.people");
        assertThat(history).extracting(SnapshotInfo::snapshotId).containsExactly(second, first);
        assertThat(history).extracting(SnapshotInfo::fingerprint).containsExactly("fp-2", "fp-1");
        assertThat(history.get(0).operation()).isEqualTo("overwrite");
        assertThat(history.get(0).summary()).containsEntry("movedata.backup.name", "snap-2")
                .containsEntry("added-records", "1").containsEntry("deleted-records", "1");
        assertThat(history.get(0).committedAt()).isAfterOrEqualTo(history.get(1).committedAt());
    }

    @Test
    void aColumnTheTargetGainsIsAddedWithItsDocAndEarlierRowsReadNull() {
        writeOne("evolve.people", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(1, "ada")), WriteMode.APPEND, "fp-1");

        TableResult result = writeOne("evolve.people", TargetTable.of("people", SCORED_PEOPLE),
                frame(SCORED_PEOPLE, row(2, "bob", 10L)), WriteMode.APPEND, "fp-2");

        assertThat(result.addedColumns()).containsExactly("score");
        Types.NestedField score = iceberg("evolve.people").schema().findField("score");
        assertThat(score.isOptional()).isTrue();
        assertThat(score.type()).isEqualTo(Types.LongType.get());
        assertThat(score.doc()).isEqualTo("cql: bigint; regular");
        assertThat(rows("evolve.people")).containsExactly(
                "{\"id\":1,\"name\":\"ada\",\"score\":null}", "{\"id\":2,\"name\":\"bob\",\"score\":10}");
    }

    @Test
    void aColumnTheTargetNoLongerDeclaresIsWrittenAsNull() {
        writeOne("shrink.people", TargetTable.of("people", SCORED_PEOPLE), frame(SCORED_PEOPLE, row(1, "ada", 7L)),
                WriteMode.APPEND, "fp-1");

        TableResult result = writeOne("shrink.people", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(2, "bob")),
                WriteMode.APPEND, "fp-2");

        assertThat(result.addedColumns()).isEmpty();
        assertThat(iceberg("shrink.people").schema().columns()).extracting(Types.NestedField::name)
                .containsExactly("id", "name", "score");
        assertThat(rows("shrink.people")).containsExactly(
                "{\"id\":1,\"name\":\"ada\",\"score\":7}", "{\"id\":2,\"name\":\"bob\",\"score\":null}");
    }

    @Test
    void aFieldTheTargetAddsToAStructIsAddedWhereverTheStructSitsAndEarlierRowsReadNull() {
        StructType address = new StructType().add("street", DataTypes.StringType).add("zip", DataTypes.IntegerType);
        StructType wider = address.add("city", DataTypes.StringType);
        StructType before = new StructType().add("id", DataTypes.IntegerType, false)
                .add("home", address)
                .add("past", DataTypes.createArrayType(address))
                .add("byName", DataTypes.createMapType(DataTypes.StringType, address));
        StructType after = new StructType().add("id", DataTypes.IntegerType, false)
                .add("home", wider)
                .add("past", DataTypes.createArrayType(wider))
                .add("byName", DataTypes.createMapType(DataTypes.StringType, wider));
        writeOne("udt.people", TargetTable.of("people", before),
                frame(before, row(1, row("Main", 1), List.of(row("Old", 2)), Map.of("w", row("Lab", 3)))),
                WriteMode.APPEND, "fp-1");

        TableResult result = writeOne("udt.people", TargetTable.of("people", after),
                frame(after, row(2, row("High", 4, "Leeds"), List.of(row("Low", 5, "York")), Map.of("w", row("Mill", 6, "Hull")))),
                WriteMode.APPEND, "fp-2");

        assertThat(result.addedColumns()).containsExactly("home.city", "past.element.city", "byName.value.city");
        assertThat(iceberg("udt.people").schema().findField("home.city").type()).isEqualTo(Types.StringType.get());
        assertThat(iceberg("udt.people").schema().findField("past.element.city").isOptional()).isTrue();
        assertThat(rows("udt.people")).containsExactly(
                "{\"id\":1,\"home\":{\"street\":\"Main\",\"zip\":1,\"city\":null},"
                        + "\"past\":[{\"street\":\"Old\",\"zip\":2,\"city\":null}],"
                        + "\"byName\":{\"w\":{\"street\":\"Lab\",\"zip\":3,\"city\":null}}}",
                "{\"id\":2,\"home\":{\"street\":\"High\",\"zip\":4,\"city\":\"Leeds\"},"
                        + "\"past\":[{\"street\":\"Low\",\"zip\":5,\"city\":\"York\"}],"
                        + "\"byName\":{\"w\":{\"street\":\"Mill\",\"zip\":6,\"city\":\"Hull\"}}}");

        assertThatThrownBy(() -> writeOne("udt.people", TargetTable.of("people", before),
                frame(before, row(3, row("Back", 7), List.of(), Map.of())), WriteMode.APPEND, "fp-3"))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table udt.people cannot take the target's rows: column 'home' has field 'city' in the table, "
                        + "but the target's struct lacks it (Spark cannot write rows without a field of the table's struct); "
                        + "column 'past' (list element) has field 'city' in the table, but the target's struct lacks it "
                        + "(Spark cannot write rows without a field of the table's struct); column 'byName' (map value) has "
                        + "field 'city' in the table, but the target's struct lacks it (Spark cannot write rows without a "
                        + "field of the table's struct)");
        assertThat(rows("udt.people")).hasSize(2);
    }

    @Test
    void intWidensToLongButOtherTypeChangesAreRefusedNamingTheColumn() {
        long before = writeOne("widen.people", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(1, "ada")),
                WriteMode.APPEND, "fp-1").snapshotId();
        StructType longIds = new StructType().add("id", DataTypes.LongType, false).add("name", DataTypes.StringType);

        TableResult widened = writeOne("widen.people", TargetTable.of("people", longIds),
                frame(longIds, row(5_000_000_000L, "bob")), WriteMode.APPEND, "fp-2");

        assertThat(widened.previousSnapshotId()).isEqualTo(before);
        assertThat(iceberg("widen.people").schema().findType("id")).isEqualTo(Types.LongType.get());
        assertThat(rows("widen.people")).containsExactly(
                "{\"id\":1,\"name\":\"ada\"}", "{\"id\":5000000000,\"name\":\"bob\"}");

        StructType numericNames = new StructType().add("id", DataTypes.LongType, false).add("name", DataTypes.IntegerType);
        assertThatThrownBy(() -> writeOne("widen.people", TargetTable.of("people", numericNames),
                frame(numericNames, row(6L, 6)), WriteMode.APPEND, "fp-3"))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table widen.people cannot take the target's rows: column 'name' is string in the table, "
                        + "but the target declares int; " + SchemaChange.ALLOWED_CHANGES);
        assertThat(iceberg("widen.people").currentSnapshot().snapshotId()).isEqualTo(widened.snapshotId());
    }

    @Test
    void aFrameMissingATargetColumnIsRefusedNamingItAndNothingIsWritten() {
        long before = writeOne("misfit.people", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(1, "ada")),
                WriteMode.OVERWRITE, "fp-1").snapshotId();
        StructType idOnly = new StructType().add("id", DataTypes.IntegerType);

        assertThatThrownBy(() -> writeOne("misfit.people", TargetTable.of("people", PEOPLE), frame(idOnly, row(2)),
                WriteMode.OVERWRITE, "fp-2"))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table misfit.people: the rows do not fit target 'people': missing column 'name': "
                        + "expected string, found no such column. Nothing was written.");
        assertThat(iceberg("misfit.people").currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(rows("misfit.people")).containsExactly("{\"id\":1,\"name\":\"ada\"}");
    }

    @Test
    void aFrameWithAnExtraColumnIsRefusedNamingIt() {
        assertThatThrownBy(() -> writeOne("extra.people", TargetTable.of("people", PEOPLE),
                frame(SCORED_PEOPLE, row(1, "ada", 3L)), WriteMode.OVERWRITE, "fp-1"))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table extra.people: the rows do not fit target 'people': extra column 'score' (bigint): "
                        + "the target does not declare it. Nothing was written.");
        assertThat(catalog.tableExists(TableIdentifier.parse("extra.people"))).isFalse();
    }

    @Test
    void aFrameColumnOfAnotherTypeIsRefusedNamingBothTypes() {
        StructType textIds = new StructType().add("id", DataTypes.StringType).add("name", DataTypes.StringType);

        assertThatThrownBy(() -> writeOne("mismatch.people", TargetTable.of("people", PEOPLE),
                frame(textIds, row("1", "ada")), WriteMode.OVERWRITE, "fp-1"))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table mismatch.people: the rows do not fit target 'people': column 'id': expected int, "
                        + "found string. Nothing was written.");
    }

    @Test
    void nullabilityOfTheFrameDoesNotMatter() {
        StructType nullableIds = new StructType().add("id", DataTypes.IntegerType, true).add("name", DataTypes.StringType);

        writeOne("nullable.people", TargetTable.of("people", PEOPLE), frame(nullableIds, row(1, "ada")),
                WriteMode.OVERWRITE, "fp-1");

        assertThat(iceberg("nullable.people").schema().findField("id").isRequired()).isTrue();
        assertThat(rows("nullable.people")).containsExactly("{\"id\":1,\"name\":\"ada\"}");
    }

    @Test
    void aWriteFailingOnAnExecutorLeavesTheTableExactlyAsItWas() {
        long before = writeOne("failing.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(1, "ada"), row(2, "bob")), WriteMode.OVERWRITE, "fp-1").snapshotId();
        int schemaBefore = iceberg("failing.people").schema().schemaId();
        StructType widerIdsAndScore = new StructType().add("id", DataTypes.LongType, false)
                .add("name", DataTypes.StringType).add("score", DataTypes.LongType);

        SinkException failure = catchThrowableOfType(SinkException.class, () -> writeOne("failing.people",
                TargetTable.of("people", widerIdsAndScore),
                poisoned(frame(widerIdsAndScore, row(3L, "cy", 1L), row(4L, "di", 2L))), WriteMode.OVERWRITE, "fp-2"));

        assertThat(failure.getMessage()).startsWith("Writing table failing.people failed: ")
                .contains("row cy is poisoned")
                .endsWith("No table had been changed.");
        assertThat(rootCause(failure)).isInstanceOf(IllegalStateException.class).hasMessage("row cy is poisoned");
        Table table = iceberg("failing.people");
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(table.snapshots()).hasSize(1);
        assertThat(table.schema().schemaId()).isEqualTo(schemaBefore);
        assertThat(table.schema().columns()).extracting(Types.NestedField::name, field -> field.type().toString())
                .containsExactly(tuple("id", "int"), tuple("name", "string"));
        assertThat(rows("failing.people")).containsExactly("{\"id\":1,\"name\":\"ada\"}", "{\"id\":2,\"name\":\"bob\"}");
    }

    @Test
    void aTableCreatedByAFailedRunNoLongerExists() {
        SinkException failure = catchThrowableOfType(SinkException.class, () -> writeOne("doomed.people",
                TargetTable.of("people", PEOPLE), poisoned(frame(PEOPLE, row(3, "cy"))), WriteMode.OVERWRITE, "fp-1"));

        assertThat(failure.getMessage()).endsWith("Restored: removed the files written for table doomed.people, which was "
                + "never committed; dropped namespace doomed, which this run created.");
        assertThat(catalog.tableExists(TableIdentifier.parse("doomed.people"))).isFalse();
        assertThat(warehouse.resolve("doomed")).doesNotExist();
    }

    @Test
    void aFailedCreationRemovesOnlyTheFilesItWroteWhereOthersWereLeftBefore() throws Exception {
        // A table dropped without purge leaves its files; one created again at its location must not take them.
        Path stray = Files.createDirectories(warehouse.resolve("stray/people/data")).resolve("left-behind.parquet");
        Files.writeString(stray, "another table's file");

        SinkException failure = catchThrowableOfType(SinkException.class, () -> writeOne("stray.people",
                TargetTable.of("people", PEOPLE), poisoned(frame(PEOPLE, row(3, "cy"))), WriteMode.OVERWRITE, "fp-1"));

        assertThat(failure.getMessage()).endsWith("Restored: removed the files written for table stray.people, which was "
                + "never committed.");
        assertThat(catalog.tableExists(TableIdentifier.parse("stray.people"))).isFalse();
        assertThat(stray).hasContent("another table's file");
        try (Stream<Path> files = Files.walk(warehouse.resolve("stray"))) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile)).containsExactly(stray);
        }
    }

    @Test
    void aLaterTableFailingLeavesAnEarlierTableUncommitted() {
        long before = writeOne("pair.first", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(1, "ada")),
                WriteMode.OVERWRITE, "fp-0").snapshotId();
        TableWrite first = new TableWrite("pair.first", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(2, "bob")));
        TableWrite failing = new TableWrite("pair.second", TargetTable.of("people", PEOPLE),
                poisoned(frame(PEOPLE, row(3, "cy"))));

        assertThatThrownBy(() -> sink.write(List.of(first, failing), WriteMode.OVERWRITE, lineage("fp-1")))
                .isInstanceOf(SinkException.class)
                .hasMessageStartingWith("Writing table pair.second failed: ")
                .hasMessageEndingWith("Restored: removed the files written for table pair.second, which was never committed.");

        assertThat(iceberg("pair.first").currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(iceberg("pair.first").snapshots()).hasSize(1);
        assertThat(rows("pair.first")).containsExactly("{\"id\":1,\"name\":\"ada\"}");
        assertThat(catalog.tableExists(TableIdentifier.parse("pair.second"))).isFalse();

        TableWrite fixed = new TableWrite("pair.second", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(3, "cy")));
        List<TableResult> retry = sink.write(List.of(first, fixed), WriteMode.OVERWRITE, lineage("fp-1"));

        assertThat(retry).extracting(TableResult::outcome)
                .containsExactly(TableResult.Outcome.WRITTEN, TableResult.Outcome.WRITTEN);
        assertThat(retry.get(0).previousSnapshotId()).isEqualTo(before);
        assertThat(rows("pair.first")).containsExactly("{\"id\":2,\"name\":\"bob\"}");
        assertThat(rows("pair.second")).containsExactly("{\"id\":3,\"name\":\"cy\"}");
    }

    @Test
    void aNewTableDoesNotExistUntilItsFirstSnapshotCommits() {
        TableIdentifier id = TableIdentifier.parse("atomic.people");
        UserDefinedFunction probe = functions.udf((UDF1<String, String>) name -> {
            TABLE_SEEN_WHILE_WRITING.add(catalog.tableExists(id));
            return name;
        }, DataTypes.StringType);
        Dataset<Row> probed = frame(PEOPLE, row(1, "ada"), row(2, "bob")).withColumn("name", probe.apply(functions.col("name")));

        TableResult result = writeOne("atomic.people", TargetTable.of("people", PEOPLE), probed, WriteMode.OVERWRITE, "fp-1");

        assertThat(TABLE_SEEN_WHILE_WRITING).containsOnly(false).hasSize(2);
        Table table = iceberg("atomic.people");
        assertThat(result.created()).isTrue();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(result.snapshotId());
        // The table's first metadata already holds its first snapshot: no version without rows ever existed.
        assertThat(((HasTableOperations) table).operations().current().previousFiles()).isEmpty();
        assertThat(table.currentSnapshot().summary()).containsEntry("movedata.fingerprint", "fp-1");
        assertThat(rows("atomic.people")).containsExactly("{\"id\":1,\"name\":\"ada\"}", "{\"id\":2,\"name\":\"bob\"}");
    }

    @Test
    void aChangedPartitionByEvolvesThePartitionSpecAndTheNewRowsTakeIt() {
        TargetTable byBucket = TargetTable.of("people", PEOPLE).partitionedBy(List.of("bucket(4, id)"));
        TargetTable byName = TargetTable.of("people", PEOPLE).partitionedBy(List.of("truncate(1, name)", "bucket(4, id)"));
        writeOne("respec.people", byBucket, frame(PEOPLE, row(1, "ada")), WriteMode.OVERWRITE, "fp-1");
        int firstSpec = iceberg("respec.people").spec().specId();

        TableResult result = writeOne("respec.people", byName, frame(PEOPLE, row(2, "bob"), row(3, "cy")), WriteMode.OVERWRITE, "fp-2");

        Table table = iceberg("respec.people");
        assertThat(result.layoutChanges()).containsExactly("partition spec [bucket(4, id)] to [truncate(1, name), bucket(4, id)]");
        assertThat(table.spec().specId()).isNotEqualTo(firstSpec);
        assertThat(table.spec().fields()).extracting(field -> field.transform() + "(" + table.schema()
                .findColumnName(field.sourceId()) + ")").containsExactlyInAnyOrder("bucket[4](id)", "truncate[1](name)");
        List<DataFile> files = new ArrayList<>();
        table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
        assertThat(files).isNotEmpty().allSatisfy(file -> assertThat(file.specId()).isEqualTo(table.spec().specId()));
        assertThat(rows("respec.people")).containsExactly("{\"id\":2,\"name\":\"bob\"}", "{\"id\":3,\"name\":\"cy\"}");

        TableResult unpartitioned = writeOne("respec.people", TargetTable.of("people", PEOPLE), frame(PEOPLE, row(4, "di")),
                WriteMode.OVERWRITE, "fp-3");

        // Iceberg keeps the fields a spec keeps first.
        assertThat(unpartitioned.layoutChanges()).containsExactly("partition spec [bucket(4, id), truncate(1, name)] to []");
        assertThat(iceberg("respec.people").spec().isUnpartitioned()).isTrue();
        assertThat(rows("respec.people")).containsExactly("{\"id\":4,\"name\":\"di\"}");
    }

    @Test
    void aChangedSortByReplacesTheSortOrderAndTheNewFilesFollowIt() {
        TargetTable byId = TargetTable.of("people", PEOPLE).sortedBy(List.of("id"));
        TargetTable byName = TargetTable.of("people", PEOPLE).sortedBy(List.of("name DESC", "id"));
        writeOne("resort.people", byId, frame(PEOPLE, row(1, "ada")), WriteMode.OVERWRITE, "fp-1");

        TableResult result = writeOne("resort.people", byName,
                frame(PEOPLE, row(2, "bob"), row(3, "cy"), row(5, "al")).coalesce(1), WriteMode.APPEND, "fp-2");

        Table table = iceberg("resort.people");
        assertThat(result.layoutChanges()).containsExactly("sort order [id ASC NULLS FIRST] to [name DESC NULLS LAST, id ASC NULLS FIRST]");
        assertThat(table.sortOrder().fields()).extracting(field -> table.schema().findColumnName(field.sourceId()),
                field -> field.direction(), field -> field.nullOrder()).containsExactly(
                tuple("name", SortDirection.DESC, NullOrder.NULLS_LAST), tuple("id", SortDirection.ASC, NullOrder.NULLS_FIRST));
        List<DataFile> files = new ArrayList<>();
        table.currentSnapshot().addedDataFiles(table.io()).forEach(files::add);
        assertThat(files).hasSize(1);
        // The new file's rows are in the new order.
        assertThat(spark.read().parquet(files.get(0).location()).select("name").as(Encoders.STRING()).collectAsList())
                .containsExactly("cy", "bob", "al");

        TableResult same = writeOne("resort.people", byName, frame(PEOPLE, row(4, "di")), WriteMode.APPEND, "fp-3");

        assertThat(same.layoutChanges()).isEmpty();
    }

    @Test
    void aCommitFailingAfterAnEarlierTableCommittedRollsItsSnapshotSchemaSpecAndSortOrderBack() {
        TargetTable before = TargetTable.of("people", PEOPLE).sortedBy(List.of("id"));
        long snapshot = writeOne("race.first", before, frame(PEOPLE, row(1, "ada")), WriteMode.OVERWRITE, "fp-0").snapshotId();
        Table original = iceberg("race.first");
        TargetTable evolved = TargetTable.of("people", SCORED_PEOPLE).partitionedBy(List.of("bucket(2, id)"))
                .sortedBy(List.of("name DESC"));
        TableWrite first = new TableWrite("race.first", evolved, frame(SCORED_PEOPLE, row(2, "bob", 7L)));
        // Another writer creates the second table while this run writes its rows: its creation cannot commit.
        TableWrite raced = new TableWrite("race.second", TargetTable.of("people", PEOPLE),
                frame(PEOPLE, row(3, "cy")).withColumn("name", CREATE_RACE_SECOND.apply(functions.col("name"))));

        assertThatThrownBy(() -> sink.write(List.of(first, raced), WriteMode.OVERWRITE, lineage("fp-1")))
                .isInstanceOf(SinkException.class)
                // The Hadoop catalog finds the other writer's first metadata version where it would write its own.
                .hasMessageStartingWith("Writing table race.second failed: CommitFailedException: Version 1 already exists: ")
                .hasMessageEndingWith("Restored: table race.first: rolled back to snapshot " + snapshot + ", restored its schema "
                        + "without the added column(s) score, restored its partition spec, restored its sort order.");

        Table table = iceberg("race.first");
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        assertThat(table.schema().schemaId()).isEqualTo(original.schema().schemaId());
        assertThat(table.spec().isUnpartitioned()).isTrue();
        assertThat(table.sortOrder().orderId()).isEqualTo(original.sortOrder().orderId());
        assertThat(rows("race.first")).containsExactly("{\"id\":1,\"name\":\"ada\"}");
        // The other writer's table is not this run's to remove.
        assertThat(catalog.tableExists(TableIdentifier.parse("race.second"))).isTrue();
        assertThat(iceberg("race.second").currentSnapshot()).isNull();
    }

    @Test
    void aWriteFailingAfterAnEvolutionLeavesThePartitionSpecAndSortOrder() {
        TargetTable before = TargetTable.of("people", PEOPLE).partitionedBy(List.of("bucket(4, id)")).sortedBy(List.of("id"));
        long snapshot = writeOne("unevolved.people", before, frame(PEOPLE, row(1, "ada")), WriteMode.OVERWRITE, "fp-1").snapshotId();
        Table original = iceberg("unevolved.people");
        int spec = original.spec().specId();
        int order = original.sortOrder().orderId();
        TargetTable after = TargetTable.of("people", PEOPLE).partitionedBy(List.of("name")).sortedBy(List.of("name DESC"));

        SinkException failure = catchThrowableOfType(SinkException.class, () -> writeOne("unevolved.people", after,
                poisoned(frame(PEOPLE, row(2, "bob"), row(3, "cy"))), WriteMode.OVERWRITE, "fp-2"));

        // The evolution and the rows are one transaction: nothing was committed.
        assertThat(failure.getMessage()).contains("row cy is poisoned").endsWith("No table had been changed.");
        Table table = iceberg("unevolved.people");
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        assertThat(table.spec().specId()).isEqualTo(spec);
        assertThat(table.spec().fields()).extracting(field -> field.transform().toString()).containsExactly("bucket[4]");
        assertThat(table.sortOrder().orderId()).isEqualTo(order);
        assertThat(table.sortOrder().fields()).extracting(field -> table.schema().findColumnName(field.sourceId()))
                .containsExactly("id");
        assertThat(rows("unevolved.people")).containsExactly("{\"id\":1,\"name\":\"ada\"}");

        TableResult retry = writeOne("unevolved.people", after, frame(PEOPLE, row(2, "bob")), WriteMode.OVERWRITE, "fp-2");

        assertThat(retry.layoutChanges()).containsExactly("partition spec [bucket(4, id)] to [name]",
                "sort order [id ASC NULLS FIRST] to [name DESC NULLS LAST]");
    }

    @Test
    void aPreviewSaysWhatAWriteWouldChangeAndChangesNothing() {
        writeOne("preview.people", TargetTable.of("people", PEOPLE).sortedBy(List.of("id")), frame(PEOPLE, row(1, "ada")),
                WriteMode.OVERWRITE, "fp-1");
        long snapshot = iceberg("preview.people").currentSnapshot().snapshotId();
        TargetTable changed = TargetTable.of("people", SCORED_PEOPLE).partitionedBy(List.of("bucket(2, id)"));
        List<TableWrite> writes = List.of(
                new TableWrite("preview.people", changed, poisoned(frame(SCORED_PEOPLE, row(2, "cy", 3L)))),
                new TableWrite("preview.fresh", TargetTable.of("people", PEOPLE).partitionedBy(List.of("bucket(2, id)"))
                        .sortedBy(List.of("name DESC")), poisoned(frame(PEOPLE, row(3, "cy")))));

        List<TablePlan> plans = sink.preview(writes, WriteMode.OVERWRITE, lineage("fp-2"));

        assertThat(plans).containsExactly(
                new TablePlan("preview.people", TablePlan.Action.WRITE, List.of("overwrite its rows", "add columns [score]",
                        "partition spec [] to [bucket(2, id)]", "sort order [id ASC NULLS FIRST] to []")),
                new TablePlan("preview.fresh", TablePlan.Action.CREATE, List.of("columns id int not null, name string",
                        "partition spec [bucket(2, id)]", "sort order [name DESC NULLS LAST]")));
        assertThat(sink.preview(List.of(new TableWrite("preview.people", TargetTable.of("people", PEOPLE),
                frame(PEOPLE))), WriteMode.OVERWRITE, lineage("fp-1")))
                .containsExactly(new TablePlan("preview.people", TablePlan.Action.UP_TO_DATE, List.of()));
        Table table = iceberg("preview.people");
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        assertThat(table.schema().columns()).extracting(Types.NestedField::name).containsExactly("id", "name");
        assertThat(table.spec().isUnpartitioned()).isTrue();
        assertThat(catalog.tableExists(TableIdentifier.parse("preview.fresh"))).isFalse();
    }

    @Test
    void anUnsupportedPartitionExpressionIsRefusedNamingItBeforeAnythingIsCreated() {
        TargetTable target = TargetTable.of("people", PEOPLE).partitionedBy(List.of("bucket(id, 16)"));

        assertThatThrownBy(() -> writeOne("badspec.people", target, frame(PEOPLE, row(1, "ada")), WriteMode.OVERWRITE,
                "fp-1"))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table badspec.people: unsupported partition expression 'bucket(id, 16)'; expected one of "
                        + TableLayout.PARTITION_FORMS);
        assertThat(catalog.tableExists(TableIdentifier.parse("badspec.people"))).isFalse();
    }

    @Test
    void aReplacingWriteReplacesOnlyTheRowsMatchingItsConditionInOneSnapshotAndRecordsItsLineage() {
        TargetTable target = TargetTable.of("items", SLICED).partitionedBy(List.of("slice"));
        TableResult created = sink.write(List.of(new TableWrite("replace.items", target,
                frame(SLICED, row(0, 1, "a"), row(0, 2, "b"), row(1, 3, "c")),
                replacing(SLICED, "slice >= 0", Map.of("appended", "")))), WriteMode.OVERWRITE, lineage("fp-1")).get(0);
        List<String> sliceZeroFiles = dataFiles("replace.items", 0);

        TableResult replaced = sink.write(List.of(new TableWrite("replace.items", target,
                frame(SLICED, row(1, 3, "c2"), row(1, 4, "d"), row(2, 5, "e")),
                replacing(SLICED, "slice >= 1", Map.of("appended", "0", "open.from", "1")))), WriteMode.OVERWRITE,
                lineage("fp-2")).get(0);

        assertThat(created.created()).isTrue();
        assertThat(created.replacedWhere()).isEqualTo("slice >= 0");
        assertThat(replaced.replacedWhere()).isEqualTo("slice >= 1");
        assertThat(replaced.previousSnapshotId()).isEqualTo(created.snapshotId());
        assertThat(replaced.deletedRecords()).isEqualTo(1);
        assertThat(replaced.addedRecords()).isEqualTo(3);
        assertThat(rows("replace.items")).containsExactly(
                "{\"slice\":0,\"id\":1,\"name\":\"a\"}", "{\"slice\":0,\"id\":2,\"name\":\"b\"}",
                "{\"slice\":1,\"id\":3,\"name\":\"c2\"}", "{\"slice\":1,\"id\":4,\"name\":\"d\"}",
                "{\"slice\":2,\"id\":5,\"name\":\"e\"}");
        // The rows outside the condition were not rewritten: their file is the first snapshot's.
        assertThat(dataFiles("replace.items", 0)).isEqualTo(sliceZeroFiles).hasSize(1);
        Table table = iceberg("replace.items");
        assertThat(table.snapshots()).hasSize(2);
        assertThat(table.currentSnapshot().summary())
                .containsEntry("movedata.fingerprint", "fp-2")
                .containsEntry("movedata.backup.name", "backup-fp-2")
                .containsEntry("movedata.connector.appended", "0")
                .containsEntry("movedata.connector.open.from", "1");
        assertThat(sink.currentSnapshot("replace.items").orElseThrow().lineage())
                .containsEntry("connector.appended", "0").containsEntry("connector.open.from", "1");
    }

    @Test
    void aReplacingWriteWhereFalseOnlyAddsRows() {
        TargetTable target = TargetTable.of("items", SLICED);
        writeOne("addonly.items", target, frame(SLICED, row(0, 1, "a")), WriteMode.OVERWRITE, "fp-1");

        TableResult added = sink.write(List.of(new TableWrite("addonly.items", target, frame(SLICED, row(0, 2, "b")),
                replacing(SLICED, "false", Map.of()))), WriteMode.OVERWRITE, lineage("fp-2")).get(0);

        assertThat(added.deletedRecords()).isZero();
        assertThat(added.replacedWhere()).isEqualTo("false");
        assertThat(rows("addonly.items"))
                .containsExactly("{\"slice\":0,\"id\":1,\"name\":\"a\"}", "{\"slice\":0,\"id\":2,\"name\":\"b\"}");
    }

    @Test
    void aRowOutsideTheReplacedConditionFailsTheWriteAndLeavesTheTable() {
        TargetTable target = TargetTable.of("items", SLICED).partitionedBy(List.of("slice"));
        long before = writeOne("outside.items", target, frame(SLICED, row(0, 1, "a"), row(1, 2, "b")),
                WriteMode.OVERWRITE, "fp-1").snapshotId();

        for (Row outside : List.of(row(0, 3, "c"), row(null, 3, "c"))) {
            SinkException failure = catchThrowableOfType(SinkException.class, () -> sink.write(List.of(new TableWrite(
                    "outside.items", target, frame(SLICED, row(1, 2, "b2"), outside), replacing(SLICED, "slice >= 1",
                    Map.of()))), WriteMode.OVERWRITE, lineage("fp-2")));

            assertThat(failure.kind()).isEqualTo(ErrorKind.INTERNAL);
            assertThat(SparkFailures.message(failure)).isEqualTo("Writing table outside.items failed: Connector 'slices' "
                    + "wrote a row of target 'items' outside the rows it replaces (where slice >= 1): every row of a "
                    + "replacing write must match its condition (a bug in the connector, not in the movement's input). "
                    + "No table had been changed.");
            assertThat(iceberg("outside.items").currentSnapshot().snapshotId()).isEqualTo(before);
            assertThat(rows("outside.items"))
                    .containsExactly("{\"slice\":0,\"id\":1,\"name\":\"a\"}", "{\"slice\":1,\"id\":2,\"name\":\"b\"}");
        }
    }

    @Test
    void aDataFileWithRowsOnBothSidesOfTheConditionIsRefusedInOneLineAndTheTableIsUnchanged() {
        TargetTable target = TargetTable.of("items", SLICED);
        long before = writeOne("straddled.items", target, frame(SLICED, row(0, 1, "a"), row(1, 2, "b")).coalesce(1),
                WriteMode.OVERWRITE, "fp-1").snapshotId();

        SinkException failure = catchThrowableOfType(SinkException.class, () -> sink.write(List.of(new TableWrite(
                "straddled.items", target, frame(SLICED, row(1, 2, "b2")), replacing(SLICED, "slice >= 1", Map.of()))),
                WriteMode.OVERWRITE, lineage("fp-2")));

        assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(failure.getMessage())
                .startsWith("Writing table straddled.items failed: its rows where slice >= 1 cannot be replaced: a data file "
                        + "holds rows on both sides of that condition, and Iceberg removes whole files only (Cannot delete "
                        + "file where some, but not all, rows match filter ")
                .contains(dataFiles("straddled.items", 0).get(0))
                .endsWith("). No table had been changed.")
                .doesNotContain("\n");
        Table table = iceberg("straddled.items");
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
        assertThat(table.snapshots()).hasSize(1);
        assertThat(rows("straddled.items"))
                .containsExactly("{\"slice\":0,\"id\":1,\"name\":\"a\"}", "{\"slice\":1,\"id\":2,\"name\":\"b\"}");
    }

    @Test
    void aReplacingWriteIsRefusedInAppendModeAndWhenItsLineageWouldReplaceTheRuns() {
        TargetTable target = TargetTable.of("items", SLICED);
        Dataset<Row> frame = poisoned(frame(SLICED, row(1, 2, "cy")));

        assertThatThrownBy(() -> sink.write(List.of(new TableWrite("refused.items", target, frame,
                replacing(SLICED, "slice >= 1", Map.of()))), WriteMode.APPEND, lineage("fp-1")))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table refused.items: mode append cannot write target 'items' of connector 'slices', which "
                        + "replaces the target's rows itself (where slice >= 1); use mode overwrite")
                .extracting(e -> ((SinkException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT);
        Lineage runs = new Lineage("fp-1", Map.of("connector", "slices", "connector.version", "2"));
        assertThatThrownBy(() -> sink.write(List.of(new TableWrite("refused.items", target, frame,
                replacing(SLICED, "slice >= 1", Map.of("version", "7")))), WriteMode.OVERWRITE, runs))
                .isInstanceOf(SinkException.class)
                .hasMessage("Table refused.items: target 'items' of connector 'slices' records lineage entry 'version', "
                        + "which would replace the movement's own movedata.connector.version (a bug in the connector, not in "
                        + "the movement's input)")
                .extracting(e -> ((SinkException) e).kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(catalog.tableExists(TableIdentifier.parse("refused.items"))).isFalse();
    }

    @Test
    void aConditionThatIsNotOneOnTheTargetsColumnsIsRefusedInOneLineWithSparksReason() {
        assertThat(List.of("slice >", "nope = 1", "name")).allSatisfy(condition -> assertThatThrownBy(
                () -> replacing(SLICED, condition, Map.of()))
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("Connector 'slices' replaces the rows of target 'items' where '" + condition
                        + "', which is not a condition on the target's columns: [")
                .hasMessageEndingWith(" (a bug in the connector, not in the movement's input)")
                .hasMessageNotContaining("\n")
                .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ErrorKind.INTERNAL));
        assertThatThrownBy(() -> replacing(SLICED, "nope = 1", Map.of()))
                .hasMessageContaining("UNRESOLVED_COLUMN").hasMessageContaining("`nope`");
    }

    @Test
    void aPreviewOfAReplacingWriteSaysWhichRowsItReplaces() {
        TargetTable target = TargetTable.of("items", SLICED);
        writeOne("preview_replace.items", target, frame(SLICED, row(0, 1, "a")), WriteMode.OVERWRITE, "fp-1");

        assertThat(sink.preview(List.of(new TableWrite("preview_replace.items", target, poisoned(frame(SLICED)),
                replacing(SLICED, "slice >= 1", Map.of()))), WriteMode.OVERWRITE, lineage("fp-2")))
                .containsExactly(new TablePlan("preview_replace.items", TablePlan.Action.WRITE,
                        List.of("replace its rows where slice >= 1")));
    }

    private static synchronized void createOnce(TableIdentifier table) {
        if (!catalog.tableExists(table)) {
            catalog.createTable(table, SparkSchemaUtil.convert(PEOPLE));
        }
    }

    private static TableResult writeOne(String table, TargetTable target, Dataset<Row> frame, WriteMode mode,
                                        String fingerprint) {
        return sink.write(List.of(new TableWrite(table, target, frame)), mode, lineage(fingerprint)).get(0);
    }

    private static RowReplacement replacing(StructType schema, String condition, Map<String, String> lineage) {
        return RowReplacement.parse(spark, "slices", "items", schema, condition, lineage);
    }

    /** The paths of the current snapshot's data files holding rows of {@code slice}. */
    private static List<String> dataFiles(String table, int slice) {
        return spark.sql("SELECT file_path FROM " + CATALOG + "." + table + ".files WHERE readable_metrics.slice.lower_bound <= "
                + slice + " AND readable_metrics.slice.upper_bound >= " + slice + " ORDER BY file_path")
                .as(Encoders.STRING()).collectAsList();
    }

    private static Lineage lineage(String fingerprint) {
        return new Lineage(fingerprint, Map.of("backup.name", "backup-" + fingerprint));
    }

    private static Metadata cql(String type, String role) {
        return new MetadataBuilder().putString(ColumnMetadataKeys.CQL_TYPE, type)
                .putString(ColumnMetadataKeys.KEY_ROLE, role).build();
    }

    private static Row row(Object... values) {
        return RowFactory.create(values);
    }

    private static Dataset<Row> frame(StructType schema, Row... rows) {
        return spark.createDataFrame(Arrays.asList(rows), schema);
    }

    private static Dataset<Row> poisoned(Dataset<Row> frame) {
        return frame.withColumn("name", FAIL_ON_CY.apply(functions.col("name")));
    }

    private static Table iceberg(String table) {
        Table loaded = catalog.loadTable(TableIdentifier.parse(table));
        loaded.refresh();
        return loaded;
    }

    /** The table's rows as JSON objects in column order, sorted. */
    private static List<String> rows(String table) {
        return json(spark.table(CATALOG + "." + table));
    }

    private static List<String> rowsAt(String table, long snapshotId) {
        return json(spark.read().option("snapshot-id", snapshotId).table(CATALOG + "." + table));
    }

    private static List<String> json(Dataset<Row> frame) {
        List<String> rows = new ArrayList<>(frame.select(functions.to_json(functions.struct(functions.col("*"))))
                .as(Encoders.STRING()).collectAsList());
        rows.sort(null);
        return rows;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
