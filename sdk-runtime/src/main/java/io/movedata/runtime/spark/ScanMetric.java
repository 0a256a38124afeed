package io.movedata.runtime.spark;

import java.util.Arrays;
import java.util.function.ToLongFunction;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The scan's Spark custom metrics, shown per task and summed per scan in Spark's UI (SQL tab) and
 * in the scan node's {@code metrics()}. Each task reports its split's {@link SplitStats}.
 */
public enum ScanMetric {
    ROWS("rows", "rows read (after the merge of replicas)", SplitStats::rows),
    PARTITIONS("partitions", "partitions read", SplitStats::partitions),
    SSTABLES_OPENED("sstablesOpened", "SSTables opened", SplitStats::sstablesOpened),
    BYTES_READ("bytesRead", "SSTable bytes of the splits read", SplitStats::bytesRead),
    BYTES_FETCHED("bytesFetched", "bytes fetched from the object store", SplitStats::bytesFetched),
    TOMBSTONES_PURGED("tombstonesPurged", "tombstones purged, counted once after the merge of replicas: partition"
            + " deletions, range deletions (once per range), row deletions, cell tombstones and cells expired at the"
            + " reference time (not whole-collection deletions)", SplitStats::tombstonesPurged);

    private final String metricName;
    private final String description;
    private final ToLongFunction<SplitStats> value;

    ScanMetric(String metricName, String description, ToLongFunction<SplitStats> value) {
        this.metricName = metricName;
        this.description = description;
        this.value = value;
    }

    /** The metric's name in the scan node's {@code metrics()}. */
    public String metricName() {
        return metricName;
    }

    static CustomMetric[] supported() {
        return Arrays.stream(values()).map(Sum::new).toArray(CustomMetric[]::new);
    }

    static CustomTaskMetric[] values(SplitStats stats) {
        return Arrays.stream(values()).map(metric -> new CustomTaskMetric() {
            @Override
            public String name() {
                return metric.metricName;
            }

            @Override
            public long value() {
                return metric.value.applyAsLong(stats);
            }
        }).toArray(CustomTaskMetric[]::new);
    }

    /**
     * A metric summed over the scan's tasks. Spark instantiates it by class name on the driver to
     * add up task values, hence a public class with a no-argument constructor.
     */
    public static final class Sum extends CustomSumMetric {
        private final ScanMetric metric;

        /** For Spark, which only adds up task values with it. */
        public Sum() {
            this(ROWS);
        }

        Sum(ScanMetric metric) {
            this.metric = metric;
        }

        @Override
        public String name() {
            return metric.metricName;
        }

        @Override
        public String description() {
            return metric.description;
        }
    }
}
