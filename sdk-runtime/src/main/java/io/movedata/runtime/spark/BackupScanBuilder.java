package io.movedata.runtime.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.KeyRole;

/**
 * Negotiates column pruning and partition-key pushdown. Equality and IN filters that constrain
 * every partition key column turn the scan into key lookups; Spark still evaluates every filter
 * after the scan, so pushdown can only save work, never change results.
 */
final class BackupScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters {
    private final BackupRead read;
    private final StructType fullSchema;
    private StructType requiredSchema;
    private Filter[] pushed = new Filter[0];
    private List<List<Object>> keyValues;

    BackupScanBuilder(BackupRead read, StructType fullSchema) {
        this.read = read;
        this.fullSchema = fullSchema;
        this.requiredSchema = fullSchema;
    }

    @Override
    public void pruneColumns(StructType required) {
        this.requiredSchema = required;
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        List<String> keyColumns = partitionKeyColumns();
        Map<String, Set<Object>> values = new HashMap<>();
        List<Filter> used = new ArrayList<>();
        for (Filter filter : filters) {
            if (filter instanceof EqualTo eq && keyColumns.contains(eq.attribute()) && eq.value() != null) {
                intersect(values, eq.attribute(), List.of(eq.value()));
                used.add(filter);
            } else if (filter instanceof In in && keyColumns.contains(in.attribute())) {
                intersect(values, in.attribute(), Arrays.stream(in.values()).filter(v -> v != null).toList());
                used.add(filter);
            }
        }
        if (!keyColumns.isEmpty() && values.keySet().containsAll(keyColumns)) {
            keyValues = new ArrayList<>();
            for (String column : keyColumns) {
                keyValues.add(List.copyOf(values.get(column)));
            }
            pushed = used.toArray(new Filter[0]);
        }
        return filters;
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed;
    }

    @Override
    public Scan build() {
        return new BackupScan(read, requiredSchema, keyValues);
    }

    private static void intersect(Map<String, Set<Object>> values, String column, List<Object> allowed) {
        Set<Object> current = values.get(column);
        if (current == null) {
            values.put(column, new LinkedHashSet<>(allowed));
        } else {
            current.retainAll(allowed);
        }
    }

    /** Partition key column names in key order, from the schema's field metadata. */
    private List<String> partitionKeyColumns() {
        return KeyRole.PARTITION_KEY.columns(fullSchema).stream().map(StructField::name).toList();
    }
}
