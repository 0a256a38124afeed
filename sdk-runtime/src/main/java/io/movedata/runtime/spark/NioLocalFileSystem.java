package io.movedata.runtime.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} paths, such as a hadoop catalog's warehouse on a local or
 * NFS disk) setting permissions through {@code java.nio}. Without Hadoop's native library, which
 * movedata does not ship, Hadoop sets the permission of every file and directory it creates by
 * running a {@code chmod} process: some 5 ms each on a 2-core machine, and a partitioned table's
 * movement creates a file and a directory per partition in every task. Everything else, checksum
 * files included, is Hadoop's.
 *
 * <p>A session uses it when its Hadoop configuration says so: {@link #SPARK_SETTING}.
 */
public final class NioLocalFileSystem extends LocalFileSystem {

    /** The Spark setting, and its value, that make a session's {@code file:} paths use this class. */
    public static final String SPARK_SETTING = "spark.hadoop.fs.file.impl";

    public NioLocalFileSystem() {
        super(new Raw());
    }

    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            // java.nio has no sticky bit; Hadoop's way still sets one.
            if (permission.getStickyBit()) {
                super.setPermission(path, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(permission.toString()));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(path, permission);
            }
        }
    }
}
