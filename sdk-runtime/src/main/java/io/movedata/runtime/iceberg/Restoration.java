package io.movedata.runtime.iceberg;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NonEmptyNamespaceException;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;


/**
 * What a run changed, remembered before each change, so that a failed run can put the catalog back
 * as it was: namespaces and tables it created are dropped, and tables it wrote to get their
 * previous snapshot and schema back.
 */
final class Restoration {
    private final Catalog catalog;
    private final CatalogPlugin sparkCatalog;
    private final String fingerprint;
    private final List<Runnable> undo = new ArrayList<>();
    private final List<String> restored = new ArrayList<>();

    Restoration(Catalog catalog, CatalogPlugin sparkCatalog, String fingerprint) {
        this.catalog = catalog;
        this.sparkCatalog = sparkCatalog;
        this.fingerprint = fingerprint;
    }

    /**
     * Creates the namespace's missing levels, for catalogs that need a namespace before its tables.
     * This goes through Spark's catalog: the Iceberg catalog behind it is wrapped in a cache that
     * does not manage namespaces.
     */
    void createNamespaces(Namespace namespace) {
        if (!(sparkCatalog instanceof SupportsNamespaces namespaces)) {
            return;
        }
        String[] levels = namespace.levels();
        for (int depth = 1; depth <= levels.length; depth++) {
            String[] level = Arrays.copyOf(levels, depth);
            if (!namespaces.namespaceExists(level)) {
                try {
                    namespaces.createNamespace(level, Map.of());
                } catch (NamespaceAlreadyExistsException e) {
                    // Another writer created it meanwhile, so it is not this run's to drop.
                    continue;
                }
                undo.add(() -> {
                    try {
                        namespaces.dropNamespace(level, false);
                    } catch (NoSuchNamespaceException | NonEmptyNamespaceException e) {
                        throw new SinkException("namespace " + String.join(".", level) + " could not be dropped: "
                                + Failures.describe(e), e);
                    }
                    restored.add("dropped namespace " + String.join(".", level) + ", which this run created");
                });
            }
        }
    }

    /**
     * Remembers a table being created in a transaction: until it commits, the table does not exist,
     * but its data files may, under the location the catalog chose for it.
     *
     * @return to run once the transaction has committed: from then on a restoration drops the table
     */
    Runnable creating(TableIdentifier table, Transaction creation) {
        String location = creation.table().location();
        // Files already there are not this run's: a table dropped without purge leaves its files behind.
        Set<String> before = filesUnder(creation.table().io(), location);
        Runnable removeFiles = () -> {
            // Only while no table owns the location: another writer may have created the table meanwhile.
            if (!catalog.tableExists(table) && creation.table().io() instanceof SupportsPrefixOperations files) {
                if (before.isEmpty()) {
                    files.deletePrefix(location);
                } else {
                    filesUnder(files, location).stream().filter(file -> !before.contains(file)).forEach(files::deleteFile);
                }
                restored.add("removed the files written for table " + table + ", which was never committed");
            }
        };
        undo.add(removeFiles);
        return () -> {
            undo.remove(removeFiles);
            undo.add(() -> {
                catalog.dropTable(table, true);
                restored.add("dropped table " + table + ", which this run created");
            });
        };
    }

    /** The files under {@code location}; none where there is no such directory or it cannot be listed. */
    private static Set<String> filesUnder(FileIO io, String location) {
        Set<String> files = new HashSet<>();
        if (io instanceof SupportsPrefixOperations prefixes) {
            try {
                prefixes.listPrefix(location).forEach(file -> files.add(file.location()));
            } catch (UncheckedIOException | NotFoundException e) {
                // Nothing there yet: the usual case for a new table.
            }
        }
        return files;
    }

    /**
     * Remembers an existing table's state before the run changes its schema, layout or rows in a
     * transaction; until it commits, the table is as it was.
     *
     * @return to run once the transaction has committed: from then on a restoration sets the table back
     */
    Runnable changing(TableIdentifier table, Table before, List<String> addedColumns) {
        Long previousSnapshotId = before.currentSnapshot() == null ? null : before.currentSnapshot().snapshotId();
        TableState previous = new TableState(previousSnapshotId, before.schema().schemaId(), before.spec().specId(),
                before.sortOrder().orderId());
        return () -> undo.add(() -> restore(table, previous, addedColumns));
    }

    /** What a restoration puts back. */
    private record TableState(Long snapshotId, int schemaId, int specId, int sortOrderId) {}

    /**
     * Restores everything the run changed, newest change first, and returns the exception to throw:
     * it names the table that failed and what was restored, keeps {@code failure} as its cause and
     * carries any failure to restore as suppressed.
     */
    SinkException restoreAfter(String table, Exception failure, boolean interrupted) {
        List<String> notRestored = new ArrayList<>();
        List<RuntimeException> restoreFailures = new ArrayList<>();
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).run();
            } catch (RuntimeException e) {
                notRestored.add(Failures.describe(e));
                restoreFailures.add(e);
            }
        }
        // Spark reports the jobs an interruption cancelled as failures; the interruption is the news.
        StringBuilder message = new StringBuilder(interrupted
                ? "Interrupted while writing table " + table + " (the JVM was asked to stop)"
                : "Writing table " + table + " failed: " + Failures.describe(failure));
        if (!restored.isEmpty()) {
            message.append(". Restored: ").append(String.join("; ", restored)).append('.');
        } else if (notRestored.isEmpty()) {
            message.append(". No table had been changed.");
        } else {
            message.append('.');
        }
        if (!notRestored.isEmpty()) {
            message.append(" Could not restore: ").append(String.join("; ", notRestored)).append('.');
        }
        SinkException exception = new SinkException(Failures.kind(failure), message.toString(), failure);
        restoreFailures.forEach(exception::addSuppressed);
        return exception;
    }

    /*
     * One metadata commit sets the main branch, the schema, the partition spec and the sort order
     * back together. The public UpdateSchema cannot undo a type promotion, and ManageSnapshots
     * cannot remove the main branch of a table that had no snapshot before.
     */
    private void restore(TableIdentifier id, TableState previous, List<String> addedColumns) {
        Long previousSnapshotId = previous.snapshotId();
        TableOperations operations = ((HasTableOperations) catalog.loadTable(id)).operations();
        TableMetadata current = operations.refresh();
        TableMetadata.Builder builder = TableMetadata.buildFrom(current);
        List<String> done = new ArrayList<>();
        Long currentSnapshotId = current.currentSnapshot() == null ? null : current.currentSnapshot().snapshotId();
        if (!Objects.equals(currentSnapshotId, previousSnapshotId)) {
            requireOnlyThisRun(id, current, previousSnapshotId);
            if (previousSnapshotId == null) {
                builder.removeRef(SnapshotRef.MAIN_BRANCH);
                done.add("rolled back to no snapshot");
            } else {
                builder.setBranchSnapshot(previousSnapshotId, SnapshotRef.MAIN_BRANCH);
                done.add("rolled back to snapshot " + previousSnapshotId);
            }
        }
        if (current.currentSchemaId() != previous.schemaId()) {
            builder.setCurrentSchema(previous.schemaId());
            done.add(addedColumns.isEmpty()
                    ? "restored its schema"
                    : "restored its schema without the added column(s) " + String.join(", ", addedColumns));
        }
        if (current.defaultSpecId() != previous.specId()) {
            builder.setDefaultPartitionSpec(previous.specId());
            done.add("restored its partition spec");
        }
        if (current.defaultSortOrderId() != previous.sortOrderId()) {
            builder.setDefaultSortOrder(previous.sortOrderId());
            done.add("restored its sort order");
        }
        if (!done.isEmpty()) {
            operations.commit(current, builder.build());
            restored.add("table " + id + ": " + String.join(", ", done));
        }
    }

    /** Refuses to roll back over another writer's commit: every snapshot since the previous one must be this run's. */
    private void requireOnlyThisRun(TableIdentifier id, TableMetadata current, Long previousSnapshotId) {
        Snapshot snapshot = current.currentSnapshot();
        while (snapshot != null && !Objects.equals(snapshot.snapshotId(), previousSnapshotId)) {
            if (!fingerprint.equals(snapshot.summary().get(Lineage.FINGERPRINT_KEY))) {
                throw new SinkException("table " + id + " was left as it is: snapshot " + snapshot.snapshotId()
                        + " was committed by another writer after snapshot " + previousSnapshotId);
            }
            snapshot = snapshot.parentId() == null ? null : current.snapshot(snapshot.parentId());
        }
        if (snapshot == null && previousSnapshotId != null) {
            throw new SinkException("table " + id + " was left as it is: its previous snapshot " + previousSnapshotId
                    + " is no longer in its history");
        }
    }
}
