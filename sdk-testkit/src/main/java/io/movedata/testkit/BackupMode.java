package io.movedata.testkit;

/** How {@link FixtureCluster#backup} lays out SSTables, as Medusa does. */
public enum BackupMode {
    /**
     * Medusa's default: SSTables kept once per node under {@code <fqdn>/data/<ks>/<table>-<id>/} and
     * shared by the node's backups; only objects not already there (same size) are uploaded; the
     * backup's meta folder carries a {@code differential} marker.
     */
    DIFFERENTIAL,
    /** Every backup uploads all its SSTables under {@code <fqdn>/<backup>/data/<ks>/<table>-<id>/}. */
    FULL
}
