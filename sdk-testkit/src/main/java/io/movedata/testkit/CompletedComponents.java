package io.movedata.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.movedata.runtime.backup.MedusaBackupWriter;

/**
 * The SSTable components of a fixture cluster that are complete (their writer closed), with what
 * each looked like then. Backups list only these, and a component that changes or disappears
 * afterwards is an error: SSTable names must stay unique per node for the cluster's whole life,
 * since differential backups key objects by file name.
 */
final class CompletedComponents {
    private final Map<Path, FileState> files = new HashMap<>();

    /**
     * Records the components now in {@code directories} of {@code node} and checks that no
     * earlier one was replaced.
     */
    void record(String node, Collection<Path> directories) {
        for (Path dir : directories) {
            for (Path file : components(dir)) {
                FileState now = FileState.of(file);
                FileState before = files.get(file);
                if (before == null) {
                    files.put(file, now);
                } else if (!before.sameFile(now)) {
                    throw new IllegalStateException("SSTable component " + file + " was rewritten after it was complete "
                            + "(two writers produced the same SSTable name on node " + node + ")");
                }
            }
        }
    }

    /** Checks that every recorded component still exists. */
    void checkNoneDisappeared() {
        for (Path known : files.keySet()) {
            if (!Files.exists(known)) {
                throw new IllegalStateException("SSTable component " + known + " disappeared");
            }
        }
    }

    /** The complete components in {@code dir}, sorted; none when it does not exist. */
    List<Path> in(Path dir) {
        return components(dir).stream().filter(files::containsKey).toList();
    }

    /** The complete components below {@code dir}, sorted. */
    List<Path> below(Path dir) {
        return files.keySet().stream().filter(p -> p.startsWith(dir)).sorted().toList();
    }

    /** The MD5 of a complete component, computed once. */
    String md5(Path file) {
        return files.get(file).md5(file);
    }

    private static List<Path> components(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(CompletedComponents::isComponent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** SSTable components are {@code <version>-<id>-<format>-<Component>}; txn logs and temp files are not. */
    private static boolean isComponent(Path file) {
        String name = file.getFileName().toString();
        return name.matches("[a-z]{2}-[0-9a-z_]+-[a-z]+-.+") && !name.endsWith(".log") && !name.contains("tmp");
    }

    /** What a completed component looked like; MD5 computed once, on first backup. */
    private static final class FileState {
        final long size;
        final long modifiedNanos;
        final Object fileKey;
        private String md5;

        private FileState(long size, long modifiedNanos, Object fileKey) {
            this.size = size;
            this.modifiedNanos = modifiedNanos;
            this.fileKey = fileKey;
        }

        static FileState of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileState(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot stat " + file + ": " + e.getMessage(), e);
            }
        }

        boolean sameFile(FileState other) {
            return size == other.size && modifiedNanos == other.modifiedNanos && Objects.equals(fileKey, other.fileKey);
        }

        String md5(Path file) {
            if (md5 == null) {
                md5 = MedusaBackupWriter.md5(file);
            }
            return md5;
        }
    }
}
