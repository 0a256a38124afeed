package io.movedata.runtime.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.movedata.api.ErrorKind;

/** A local directory whose files are objects; keys are paths relative to the directory. */
public final class FileObjectStore implements ObjectStore {
    private final Path root;

    public FileObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "file://" + root;
    }

    @Override
    public List<StoredObject> list(String prefix) {
        Path start = startDirectory(prefix);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String key = keyOf(file);
                if (key.startsWith(prefix)) {
                    objects.add(toObject(key, file));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ObjectStoreException("Cannot list " + describe() + " under '" + prefix + "': " + e.getMessage(), e);
        }
        objects.sort((a, b) -> a.key().compareTo(b.key()));
        return objects;
    }

    @Override
    public List<String> listChildren(String prefix) {
        Path dir = resolve(prefix);
        if (!prefix.isEmpty() && !prefix.endsWith("/") || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).map(p -> prefix + p.getFileName() + "/").sorted().toList();
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot list " + describe() + " under '" + prefix + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> whyEmpty(String prefix) {
        Path dir = resolve(prefix);
        if (!Files.exists(dir)) {
            return Optional.of("does not exist");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of("is a file, not a directory");
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isPresent() ? Optional.empty() : Optional.of("holds no objects: the directory is empty");
        } catch (IOException e) {
            return Optional.of("cannot be listed: " + e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? Optional.of(toObject(key, file)) : Optional.empty();
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException(ErrorKind.UNREADABLE_SOURCE, "Object " + describe() + "/" + key + " does not exist", e);
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot open " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long download(String key, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(resolve(key), target, StandardCopyOption.REPLACE_EXISTING);
            return Files.size(target);
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException(ErrorKind.UNREADABLE_SOURCE, "Object " + describe() + "/" + key + " does not exist", e);
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot copy " + describe() + "/" + key + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Local objects are read in place: copying them would only cost time and disk. */
    @Override
    public Optional<Path> localFile(String key) {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw new ObjectStoreException(ErrorKind.UNREADABLE_SOURCE, "Object " + describe() + "/" + key + " does not exist");
        }
        return Optional.of(file);
    }

    @Override
    public InputStream openRange(String key, long start, long end) {
        InputStream in = open(key);
        try {
            in.skipNBytes(start);
            return new java.io.FilterInputStream(in) {
                private long left = end - start;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    left--;
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ObjectStoreException("Cannot read bytes " + start + "-" + end + " of " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            Path file = resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot write " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, Path source) {
        try {
            Path file = resolve(key);
            Files.createDirectories(file.getParent());
            Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot write " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot delete " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {}

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new ObjectStoreException(ErrorKind.UNREADABLE_SOURCE, "Key '" + key + "' escapes the store " + describe());
        }
        return path;
    }

    private Path startDirectory(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : resolve(prefix.substring(0, slash));
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static StoredObject toObject(String key, Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            // Milliseconds, as S3 reports times: a node backup's start printed by a command can be given back as --as-of.
            return new StoredObject(key, attributes.size(),
                    attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS), "");
        } catch (IOException e) {
            throw new ObjectStoreException("Cannot stat " + file + ": " + e.getMessage(), e);
        }
    }
}
