package io.movedata.connector.timeseries;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.auto.service.AutoService;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.OptionSpec;
import io.movedata.api.ReportedCount;
import io.movedata.connector.timeseries.SliceLineage.Recorded;

/**
 * The {@code timeseries} connector: events {@code (time_series_id, event_time, event_id)} of a
 * namespace stored in time slices, assembled per partition from the slices overlapping a window and
 * written to {@code events} (and/or {@code event_items}), incrementally by slice (see
 * docs/connectors/timeseries.md). The slices come from the namespace's slices table in the same
 * backup, looked up when the connector is created, so only the slices to read are declared as
 * sources and no other slice's SSTables are opened.
 */
@AutoService(ConnectorFactory.class)
public final class TimeSeriesConnector implements ConnectorFactory {
    public static final String NAME = "timeseries";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "Moves the events of a time-series namespace (slices table <ks>.<ns>_slices, one table per time slice) "
                + "into an events table (items in a map) and/or an event_items table, per partition without a shuffle; "
                + "only slices overlapping a window are read, and closed slices are appended once (incremental).";
    }

    @Override
    public List<OptionSpec> options() {
        return TsOptions.SPECS;
    }

    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        TsOptions ts = TsOptions.of(NAME, options);
        List<Slice> slices = SlicesTable.slices(ts.keyspace(), ts.namespace(),
                context.lookup(SlicesTable.of(ts.keyspace(), ts.namespace())));
        SliceSelection selection;
        if (ts.incremental()) {
            Map<String, Recorded> recorded = new LinkedHashMap<>();
            for (String target : ts.form().targets) {
                recorded.put(target, context.currentSnapshot(target).map(snapshot -> SliceLineage.read(snapshot.lineage()))
                        .orElse(Recorded.NEW_TABLE));
            }
            SliceSelection.Movement movement = new SliceSelection.Movement(ts.source(), ts.window(), backup(context),
                    context.referenceTime(), ts.acceptWindow());
            selection = SliceSelection.incremental(slices, movement, recorded);
        } else {
            selection = SliceSelection.full(slices, ts.window());
        }
        report(selection, ts, context);
        return new TimeSeriesMovement(ts, selection, context);
    }

    /** The backup as lineage records it: a movement of the same backup again recognizes it. */
    private static String backup(ConnectorContext context) {
        return context.backup().location() + " " + context.backup().name() + " " + context.referenceTime();
    }

    /** What the selection decided, as the report's counts: each slice (or target) once, with samples. */
    private static void report(SliceSelection selection, TsOptions ts, ConnectorContext context) {
        ReportedCount read = context.count("slicesRead", ts.incremental()
                ? "slices read: open, closed since the targets' last movement, or all when a target is replaced whole; "
                        + "each target's rows in their event_time ranges are replaced"
                : "slices read");
        for (Slice slice : selection.read()) {
            read.add(slice.describe() + (slice.closedAt(context.referenceTime(), ts.acceptWindow()) ? " closed" : " open"));
        }
        ReportedCount outside = context.count("slicesOutsideWindow", "slices outside the window " + ts.window().text()
                + ", not read");
        selection.outsideWindow().forEach(slice -> outside.add(slice.describe()));
        if (ts.incremental()) {
            ReportedCount skipped = context.count("slicesSkipped", "closed slices every target already holds (its "
                    + "lineage), not read");
            selection.skipped().forEach(slice -> skipped.add(slice.describe()));
            ReportedCount retained = context.count("slicesRetained", "slices a target holds that the slices table no "
                    + "longer lists (dropped by retention): their rows are kept; one marked open was read only while open "
                    + "and may lack events written after the backup that read it");
            selection.retained().forEach(range -> retained.add(range.text()
                    + (selection.retainedOpen().contains(range) ? " open" : "")));
            ReportedCount whole = context.count("targetsReplacedWhole", "targets whose rows are all replaced, their "
                    + "lineage not usable for an incremental movement");
            selection.wholeTables().forEach((target, why) -> whole.add("target '" + target + "': " + why));
        }
    }
}
