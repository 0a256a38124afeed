package io.movedata.testkit;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoredObject;

/** An object store that remembers the keys put into it, in order. */
final class RecordingStore implements ObjectStore {
    private final ObjectStore delegate;
    final List<String> puts = Collections.synchronizedList(new ArrayList<>());

    RecordingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override public String describe() { return delegate.describe(); }
    @Override public List<StoredObject> list(String prefix) { return delegate.list(prefix); }
    @Override public List<String> listChildren(String prefix) { return delegate.listChildren(prefix); }
    @Override public Optional<String> whyEmpty(String prefix) { return delegate.whyEmpty(prefix); }
    @Override public Optional<StoredObject> stat(String key) { return delegate.stat(key); }
    @Override public InputStream open(String key) { return delegate.open(key); }
    @Override public InputStream openRange(String key, long start, long end) { return delegate.openRange(key, start, end); }
    @Override public long download(String key, Path target) { return delegate.download(key, target); }
    @Override public void put(String key, byte[] bytes) { puts.add(key); delegate.put(key, bytes); }
    @Override public void put(String key, Path file) { puts.add(key); delegate.put(key, file); }
    @Override public void delete(String key) { delegate.delete(key); }
    @Override public void close() { delegate.close(); }
}
