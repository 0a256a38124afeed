package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.backup.BackupException;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/** A location in a bucket that does not exist is said so, whichever listing finds out first. */
class MissingBucketTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("present");

    @Test
    void aMissingBucketIsSaidNotToExist() {
        StoreLocation location = S3.location("nobucket", "cluster1");
        try (ObjectStore store = ObjectStores.open(location)) {
            assertThatThrownBy(() -> BackupCatalog.open(store, location).requireBackupNames())
                    .isInstanceOf(BackupException.class)
                    .hasMessage("Backup location " + location + " does not exist: there is no bucket 'nobucket'");
        }
    }
}
