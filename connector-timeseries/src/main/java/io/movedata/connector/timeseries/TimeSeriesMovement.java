package io.movedata.connector.timeseries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;
import io.movedata.api.TargetWrite;

/**
 * One movement of a namespace: the slices the selection reads as sources, each read by its own
 * streaming {@link SliceEvents} (one table at a time, so every task, and so every data file it
 * writes, holds one slice's rows: what lets an incremental write replace a slice's rows alone), the
 * frames of all slices joined per target.
 */
final class TimeSeriesMovement implements Connector {
    /**
     * The targets' Iceberg table properties. No shuffle: each task sorts its own rows, which come
     * from one split of one slice. A small Parquet dictionary and zstd level 1, as the key-value
     * connector's targets have them, for the same reason: item values are mostly distinct blobs,
     * which a dictionary never shortens but hashes whole until it is full, and are written decoded
     * (docs/performance.md, "Time-series movements"). A table keeps the properties it was created
     * with; change them with ALTER TABLE.
     */
    static final Map<String, String> TABLE_PROPERTIES = Map.of(
            "write.distribution-mode", "none",
            "write.parquet.dict-size-bytes", String.valueOf(256 * 1024),
            "write.parquet.compression-level", "1");

    private final TsOptions options;
    private final SliceSelection selection;
    private final SparkSession spark;
    private final Instant referenceTime;
    private final CorruptItems corrupt;
    private final MisplacedRows misplaced;
    /** Built by targets, which the runtime calls with the source schemas before output. */
    private final Map<Slice, SliceColumns> columns = new LinkedHashMap<>();

    TimeSeriesMovement(TsOptions options, SliceSelection selection, ConnectorContext context) {
        this.options = options;
        this.selection = selection;
        this.spark = context.spark();
        this.referenceTime = context.referenceTime();
        this.corrupt = options.skipCorrupt()
                ? CorruptItems.skip(context.count(CorruptItems.COUNT, "corrupt items left out (onCorrupt=skip)"))
                : CorruptItems.fail();
        this.misplaced = options.shuffle()
                ? MisplacedRows.count(context.count(MisplacedRows.COUNT, "item rows outside the bucket or slice their "
                        + "event_time places them in, joined to their events by the shuffle"))
                : MisplacedRows.fail();
    }

    @Override
    public List<SourceTable> sources() {
        return selection.read().stream().map(slice -> SourceTable.of(slice.table()).withRowWritetime()).toList();
    }

    @Override
    public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
        for (Slice slice : selection.read()) {
            columns.put(slice, SliceColumns.of(slice.table(), sourceSchemas.get(slice.table())));
        }
        return options.form().targets.stream().map(TimeSeriesMovement::target).toList();
    }

    private static TargetTable target(String name) {
        boolean events = name.equals(TsOutputs.EVENTS);
        return TargetTable.of(name, TsOutputs.schema(name))
                .partitionedBy(List.of("days(event_time)"))
                .sortedBy(events ? List.of("time_series_id", "event_time")
                        : List.of("time_series_id", "event_time", "event_id", "event_item_key"))
                .withProperties(TABLE_PROPERTIES);
    }

    @Override
    public Map<String, Dataset<Row>> output(SourceFrames sources) {
        List<String> targets = options.form().targets;
        boolean events = targets.contains(TsOutputs.EVENTS) && !options.shuffle();
        boolean items = targets.contains(TsOutputs.EVENT_ITEMS) || options.shuffle();
        Map<String, Dataset<Row>> read = new LinkedHashMap<>();
        for (Map.Entry<Slice, SliceColumns> slice : columns.entrySet()) {
            SliceEvents transform = new SliceEvents(slice.getKey(), slice.getValue(), options.window(),
                    new ItemValues(slice.getValue(), referenceTime, corrupt), misplaced, events, items);
            sources.cogroup(List.of(slice.getKey().table()), transform).forEach((output, frame) -> read.merge(output, frame,
                    Dataset::union));
        }
        Map<String, Dataset<Row>> frames = new LinkedHashMap<>();
        for (String target : targets) {
            if (options.shuffle()) {
                frames.put(target, EventsByShuffle.assemble(frameOf(read, TsOutputs.EVENT_ITEMS), target));
            } else {
                frames.put(target, frameOf(read, target));
            }
        }
        return frames;
    }

    /** The output's rows of every slice read; none when no slice is. */
    private Dataset<Row> frameOf(Map<String, Dataset<Row>> read, String output) {
        Dataset<Row> frame = read.get(output);
        return frame != null ? frame : spark.createDataFrame(new ArrayList<Row>(), TsOutputs.schema(output));
    }

    @Override
    public List<TargetWrite> writes() {
        return List.copyOf(selection.writes().values());
    }
}
