package io.movedata.runtime.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.ObjectStores;
import io.movedata.runtime.store.StoreLocation;

/** A location without backups says why: it does not exist, is a file, is empty, or holds other things. */
class BackupCatalogLocationTest {
    @TempDir
    Path dir;

    private static void assertNoBackups(Path path, String message) {
        StoreLocation location = StoreLocation.ofDirectory(path);
        try (ObjectStore store = ObjectStores.open(location)) {
            BackupCatalog catalog = BackupCatalog.open(store, location);
            assertThatThrownBy(catalog::requireBackupNames).isInstanceOf(BackupException.class).hasMessage(message);
            assertThatThrownBy(() -> catalog.resolve(null, null, null)).hasMessage(message);
            assertThatThrownBy(() -> catalog.named("b1")).hasMessage(message);
        }
    }

    @Test
    void aDirectoryThatDoesNotExistIsSaidNotToExist() {
        Path missing = dir.resolve("nope");

        assertNoBackups(missing, "Backup location file://" + missing + " does not exist");
    }

    @Test
    void aFileIsSaidNotToBeADirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a backup");

        assertNoBackups(file, "Backup location file://" + file + " is a file, not a directory");
    }

    @Test
    void anEmptyDirectoryIsSaidToHoldNothing() {
        assertNoBackups(dir, "Backup location file://" + dir + " holds no objects: the directory is empty");
    }

    @Test
    void aDirectoryOfOtherThingsSaysWhereBackupsWereExpected() throws Exception {
        Files.createDirectories(dir.resolve("node1/b1/data"));
        Files.writeString(dir.resolve("node1/b1/data/x.db"), "x");

        assertNoBackups(dir, "No backups at file://" + dir + ": expected Medusa backups, <node>/<backup>/meta/schema.cql");
    }
}
