package io.movedata.runtime.backup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        List<String> problems = new ArrayList<>();
        List<ManifestObject> inside = new ArrayList<>();
        for (ManifestObject object : objects) {
            if (escapes(object.key(), root)) {
                problems.add("key " + object.key() + " is outside the node's prefix " + root + "; refused");
            } else {
                inside.add(object);
            }
        }
        Map<String, Long> present = list(store, inside, root);
        for (ManifestObject object : inside) {
            Long size = present.get(object.key());
            if (size == null) {
                problems.add("object " + object.key() + " (" + object.size() + " bytes) is listed but does not exist");
            } else if (object.storedAsIs() && size != object.size()) {
                problems.add("object " + object.key() + " is listed with " + object.size() + " bytes but has " + size);
            }
        }
        if (problems.size() > MAX_NAMED_PROBLEMS) {
            int more = problems.size() - MAX_NAMED_PROBLEMS;
            problems = new ArrayList<>(problems.subList(0, MAX_NAMED_PROBLEMS));
            problems.add("and " + more + " more");
        }
        return problems;
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
