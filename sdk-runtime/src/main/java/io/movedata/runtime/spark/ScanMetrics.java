package io.movedata.runtime.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The scan's Spark custom metrics, shown per task and summed per scan in Spark's UI (SQL tab) and
 * in the scan node's {@code metrics()}. Each task reports its split's {@link SplitStats}. Spark
 * instantiates the metric classes by name on the driver, hence public classes with no-argument
 * constructors.
 */
public final class ScanMetrics {
    public static final String ROWS = "rows";
    public static final String PARTITIONS = "partitions";
    public static final String SSTABLES_OPENED = "sstablesOpened";
    public static final String BYTES_READ = "bytesRead";
    public static final String BYTES_FETCHED = "bytesFetched";

    private ScanMetrics() {}

    static CustomMetric[] supported() {
        return new CustomMetric[] {new Rows(), new Partitions(), new SSTablesOpened(), new BytesRead(), new BytesFetched()};
    }

    static CustomTaskMetric[] values(SplitStats stats) {
        return new CustomTaskMetric[] {value(ROWS, stats.rows()), value(PARTITIONS, stats.partitions()),
                value(SSTABLES_OPENED, stats.sstablesOpened()), value(BYTES_READ, stats.bytesRead()),
                value(BYTES_FETCHED, stats.bytesFetched())};
    }

    private static CustomTaskMetric value(String name, long value) {
        return new CustomTaskMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long value() {
                return value;
            }
        };
    }

    /** A summed metric of the scan: its name and what it counts. */
    private abstract static class Sum extends CustomSumMetric {
        private final String name;
        private final String description;

        Sum(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return description;
        }
    }

    public static final class Rows extends Sum {
        public Rows() {
            super(ROWS, "rows read (after the merge of replicas)");
        }
    }

    public static final class Partitions extends Sum {
        public Partitions() {
            super(PARTITIONS, "partitions read");
        }
    }

    public static final class SSTablesOpened extends Sum {
        public SSTablesOpened() {
            super(SSTABLES_OPENED, "SSTables opened");
        }
    }

    public static final class BytesRead extends Sum {
        public BytesRead() {
            super(BYTES_READ, "SSTable bytes of the splits read");
        }
    }

    public static final class BytesFetched extends Sum {
        public BytesFetched() {
            super(BYTES_FETCHED, "bytes fetched from the object store");
        }
    }
}
