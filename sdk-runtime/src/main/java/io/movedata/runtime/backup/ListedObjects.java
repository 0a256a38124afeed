package io.movedata.runtime.backup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.movedata.runtime.manifest.ManifestObject;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoredObject;

/**
 * Checks the objects a node backup lists against the store: each key stays inside the node's
 * own prefix, exists, and (when stored as is) has the listed size. Listing is by folder, paginated,
 * so checking thousands of objects takes a handful of requests rather than one per object.
 */
final class ListedObjects {
    /** More folders than this and the node's whole prefix is listed once instead. */
    private static final int MAX_FOLDER_LISTINGS = 32;
    /** Problems named one by one before the rest are only counted. */
    private static final int MAX_NAMED_PROBLEMS = 10;

    private ListedObjects() {}

    /**
     * @param root the prefix every key must stay inside, ending with '/'
     * @return the problems found, each naming the key; empty when all is well
     */
    static List<String> verify(ObjectStore store, Collection<ManifestObject> objects, String root) {
        return check(store, objects, root).all();
    }

    /**
     * What checking the objects found, keeping apart the objects that are merely absent: a layout
     * whose metadata is written before its data (Priam) reads those as a node backup still
     * uploading, and everything else as one that cannot be read.
     *
     * @param missing one problem per listed object that does not exist
     * @param wrong one problem per key outside the root or object with another size than listed
     */
    record Findings(List<String> missing, List<String> wrong) {
        /** Every problem, wrong ones first, the first few named and the rest counted. */
        List<String> all() {
            List<String> problems = new ArrayList<>(wrong);
            problems.addAll(missing);
            return capped(problems);
        }
    }

    /** @param root the prefix every key must stay inside, ending with '/' */
    static Findings check(ObjectStore store, Collection<ManifestObject> objects, String root) {
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        List<ManifestObject> inside = new ArrayList<>();
        for (ManifestObject object : objects) {
            if (escapes(object.key(), root)) {
                wrong.add("key " + object.key() + " is outside the node's prefix " + root + "; refused");
            } else {
                inside.add(object);
            }
        }
        Map<String, Long> present = list(store, inside, root);
        for (ManifestObject object : inside) {
            Long size = present.get(object.key());
            if (size == null) {
                missing.add("object " + object.key() + " (" + object.size() + " bytes) is listed but does not exist");
            } else if (object.storedAsIs() && size != object.size()) {
                wrong.add("object " + object.key() + " is listed with " + object.size() + " bytes but has " + size);
            }
        }
        return new Findings(List.copyOf(missing), List.copyOf(wrong));
    }

    static List<String> capped(List<String> problems) {
        if (problems.size() <= MAX_NAMED_PROBLEMS) {
            return problems;
        }
        List<String> named = new ArrayList<>(problems.subList(0, MAX_NAMED_PROBLEMS));
        named.add("and " + (problems.size() - MAX_NAMED_PROBLEMS) + " more");
        return named;
    }

    /**
     * Whether {@code key} leaves {@code root}: it does not start with it, or a segment is empty,
     * {@code .} or {@code ..} (which some stores and every file system resolve elsewhere).
     */
    static boolean escapes(String key, String root) {
        if (!key.startsWith(root) || key.length() == root.length()) {
            return true;
        }
        for (String segment : key.substring(root.length()).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Long> list(ObjectStore store, List<ManifestObject> objects, String root) {
        Set<String> folders = new LinkedHashSet<>();
        for (ManifestObject object : objects) {
            folders.add(object.key().substring(0, object.key().lastIndexOf('/') + 1));
        }
        Collection<String> prefixes = folders.size() > MAX_FOLDER_LISTINGS ? List.of(root) : folders;
        Map<String, Long> present = new HashMap<>();
        for (String prefix : prefixes) {
            for (StoredObject o : store.list(prefix)) {
                present.put(o.key(), o.size());
            }
        }
        return present;
    }
}
