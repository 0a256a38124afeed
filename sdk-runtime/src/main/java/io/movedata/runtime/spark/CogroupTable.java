package io.movedata.runtime.spark;

import java.util.EnumSet;
import java.util.Set;

import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** Co-partitioned tables read together, as one table of tagged rows; planned already, nothing to push down. */
final class CogroupTable implements SupportsRead {
    private final CogroupScan scan;

    CogroupTable(CogroupScan scan) {
        this.scan = scan;
    }

    @Override
    public String name() {
        return scan.description();
    }

    @Override
    @SuppressWarnings("deprecation") // Spark 4.0 deprecates schema() for columns() but still has every Table implement it
    public StructType schema() {
        return scan.readSchema();
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return () -> scan;
    }
}
