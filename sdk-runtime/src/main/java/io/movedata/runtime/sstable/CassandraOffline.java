package io.movedata.runtime.sstable;

import org.apache.cassandra.config.CassandraRelevantProperties;
import org.apache.cassandra.config.Config;
import org.apache.cassandra.config.DataStorageSpec;
import org.apache.cassandra.config.DatabaseDescriptor;
import org.apache.cassandra.dht.Murmur3Partitioner;
import org.apache.cassandra.utils.StorageCompatibilityMode;

/**
 * Initializes cassandra-all once per JVM for offline use: no daemon, no commit log, no local
 * data directories. Both the readers (executors) and the fixture writers (tests) go through here,
 * so they agree on the partitioner and the SSTable format settings.
 */
public final class CassandraOffline {
    private static volatile boolean initialized;

    private CassandraOffline() {}

    /** Idempotent and thread-safe; cheap after the first call. */
    public static void initialize() {
        if (initialized) {
            return;
        }
        synchronized (CassandraOffline.class) {
            if (initialized) {
                return;
            }
            // CQLSSTableWriter refuses to build unless the local system keyspaces are in the schema.
            CassandraRelevantProperties.FORCE_LOAD_LOCAL_KEYSPACES.setBoolean(true);
            DatabaseDescriptor.clientInitialization(false, () -> {
                Config config = new Config();
                // Read and write every format 5.0 knows; writers pick theirs explicitly.
                config.storage_compatibility_mode = StorageCompatibilityMode.NONE;
                // A daemon derives it from the commit log segment size; Mutation, which the fixtures
                // use to build system_schema rows, needs it set. Cassandra's default: half of 32 MiB.
                config.max_mutation_size = new DataStorageSpec.IntKibibytesBound("16MiB");
                return config;
            });
            DatabaseDescriptor.setPartitionerUnsafe(Murmur3Partitioner.instance);
            initialized = true;
        }
    }
}
