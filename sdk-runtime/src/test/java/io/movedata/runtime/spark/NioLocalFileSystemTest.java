package io.movedata.runtime.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NioLocalFileSystemTest {

    @TempDir
    Path work;

    /** The permissions, files and checksum files Hadoop's own local file system leaves, for each umask. */
    @ParameterizedTest
    @ValueSource(strings = {"022", "077", "027"})
    void leavesWhatHadoopsLocalFileSystemLeaves(String umask) throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.permissions.umask-mode", umask);
        List<String> hadoops = writeTree(new LocalFileSystem(), conf, work.resolve("hadoop"));
        List<String> ours = writeTree(new NioLocalFileSystem(), conf, work.resolve("nio"));

        assertThat(ours).isEqualTo(hadoops);
        String file = umask.equals("022") ? "rw-r--r--" : umask.equals("077") ? "rw-------" : "rw-r-----";
        String directory = umask.equals("022") ? "rwxr-xr-x" : umask.equals("077") ? "rwx------" : "rwxr-x---";
        assertThat(ours).contains("bucket=1 " + directory, "bucket=1/part-0.parquet " + file, "bucket=1/.part-0.parquet.crc " + file,
                "chmod640.parquet rw-r-----", ".chmod640.parquet.crc rw-r-----");
    }

    /** Each path under {@code root} with its permissions, after writing a partition's file the way Iceberg does. */
    private static List<String> writeTree(FileSystem fs, Configuration conf, Path root) throws IOException {
        fs.initialize(URI.create("file:///"), conf);
        try (fs) {
            org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(root.toUri());
            try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(base, "bucket=1/part-0.parquet"), true)) {
                out.write(new byte[] {'P', 'A', 'R', '1'});
            }
            org.apache.hadoop.fs.Path explicit = new org.apache.hadoop.fs.Path(base, "chmod640.parquet");
            fs.create(explicit, true).close();
            fs.setPermission(explicit, new FsPermission((short) 0640));
        }
        try (var paths = Files.walk(root)) {
            return paths.filter(path -> !path.equals(root)).sorted().map(path -> root.relativize(path) + " " + permissions(path)).toList();
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
