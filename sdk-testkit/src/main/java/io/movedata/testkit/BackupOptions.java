package io.movedata.testkit;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Ways to make a {@link FixtureCluster#backup} deviate from a clean, complete Medusa backup.
 * Immutable; each method returns a changed copy:
 *
 * <pre>{@code
 * BackupOptions.defaults().withoutManifest("node2.fixture.local").skipNodes("node3.fixture.local")
 * }</pre>
 */
public final class BackupOptions {
    /** The release Medusa records in {@code server_version.json} by default. */
    public static final String DEFAULT_SERVER_VERSION = "5.0.9";

    private final Set<String> skipped;
    private final Set<String> withoutManifest;
    private final String serverVersion;
    private final Map<String, String> replacements;

    private BackupOptions(Set<String> skipped, Set<String> withoutManifest, String serverVersion,
                          Map<String, String> replacements) {
        this.skipped = Collections.unmodifiableSet(skipped);
        this.withoutManifest = Collections.unmodifiableSet(withoutManifest);
        this.serverVersion = serverVersion;
        this.replacements = Collections.unmodifiableMap(replacements);
    }

    /** A complete backup of every node. */
    public static BackupOptions defaults() {
        return new BackupOptions(Set.of(), Set.of(), DEFAULT_SERVER_VERSION, Map.of());
    }

    /** Writes nothing at all for these nodes (as if they never started their backup). */
    public BackupOptions skipNodes(String... fqdns) {
        Set<String> s = new LinkedHashSet<>(skipped);
        s.addAll(Arrays.asList(fqdns));
        return new BackupOptions(s, withoutManifest, serverVersion, replacements);
    }

    /** Writes everything but {@code manifest.json} for these nodes (a node backup that never finished). */
    public BackupOptions withoutManifest(String... fqdns) {
        Set<String> s = new LinkedHashSet<>(withoutManifest);
        s.addAll(Arrays.asList(fqdns));
        return new BackupOptions(skipped, s, serverVersion, replacements);
    }

    /** The {@code release_version} of {@code server_version.json}; null leaves the file out (old Medusa). */
    public BackupOptions serverVersion(String releaseVersion) {
        return new BackupOptions(skipped, withoutManifest, releaseVersion, replacements);
    }

    /**
     * Publishes the node's data and tokens under another host name, as a node that replaced it
     * ({@code replace_address}) holds the same ranges and, once streamed, the same data. Other
     * options keep using the fixture's own names.
     */
    public BackupOptions replacedBy(String fqdn, String replacementFqdn) {
        Map<String, String> r = new LinkedHashMap<>(replacements);
        r.put(fqdn, replacementFqdn);
        return new BackupOptions(skipped, withoutManifest, serverVersion, r);
    }

    /** The host name the backup gives the fixture node {@code fqdn}. */
    public String publishedName(String fqdn) {
        return replacements.getOrDefault(fqdn, fqdn);
    }

    /** Nodes the backup writes nothing for. */
    public Set<String> skippedNodes() {
        return skipped;
    }

    /** Nodes whose backup gets no {@code manifest.json}. */
    public Set<String> nodesWithoutManifest() {
        return withoutManifest;
    }

    /** The release version to record, or null for no {@code server_version.json}. */
    public String serverVersion() {
        return serverVersion;
    }
}
