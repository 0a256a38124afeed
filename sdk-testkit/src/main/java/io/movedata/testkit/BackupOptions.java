package io.movedata.testkit;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Ways to make a {@link FixtureCluster#backup} (Medusa) or {@link FixtureCluster#backupPriam}
 * deviate from a clean, complete backup. Immutable; each method returns a changed copy:
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
    private final Set<String> pgp;

    private BackupOptions(Set<String> skipped, Set<String> withoutManifest, String serverVersion,
                          Map<String, String> replacements, Set<String> pgp) {
        this.skipped = Collections.unmodifiableSet(skipped);
        this.withoutManifest = Collections.unmodifiableSet(withoutManifest);
        this.serverVersion = serverVersion;
        this.replacements = Collections.unmodifiableMap(replacements);
        this.pgp = Collections.unmodifiableSet(pgp);
    }

    /** A complete backup of every node. */
    public static BackupOptions defaults() {
        return new BackupOptions(Set.of(), Set.of(), DEFAULT_SERVER_VERSION, Map.of(), Set.of());
    }

    /** Writes nothing at all for these nodes (as if they never started their backup). */
    public BackupOptions skipNodes(String... fqdns) {
        Set<String> s = new LinkedHashSet<>(skipped);
        s.addAll(Arrays.asList(fqdns));
        return new BackupOptions(s, withoutManifest, serverVersion, replacements, pgp);
    }

    /**
     * Leaves these nodes' backups unfinished: Medusa's without {@code manifest.json}; Priam's with
     * the meta file only, none of the files it lists uploaded (Priam writes the meta file first).
     */
    public BackupOptions withoutManifest(String... fqdns) {
        Set<String> s = new LinkedHashSet<>(withoutManifest);
        s.addAll(Arrays.asList(fqdns));
        return new BackupOptions(skipped, s, serverVersion, replacements, pgp);
    }

    /** The {@code release_version} of {@code server_version.json}; null leaves the file out (old Medusa). */
    public BackupOptions serverVersion(String releaseVersion) {
        return new BackupOptions(skipped, withoutManifest, releaseVersion, replacements, pgp);
    }

    /**
     * Publishes the node's data and tokens under another host name, as a node that replaced it
     * ({@code replace_address}) holds the same ranges and, once streamed, the same data. Other
     * options keep using the fixture's own names.
     */
    public BackupOptions replacedBy(String fqdn, String replacementFqdn) {
        Map<String, String> r = new LinkedHashMap<>(replacements);
        r.put(fqdn, replacementFqdn);
        return new BackupOptions(skipped, withoutManifest, serverVersion, r, pgp);
    }

    /**
     * Priam only: these nodes' objects, meta file included, are listed and stored under
     * {@code PGP} keys, as Priam's encrypted file systems name them. The bytes stay plain: movedata
     * refuses PGP objects without reading them.
     */
    public BackupOptions pgp(String... fqdns) {
        Set<String> s = new LinkedHashSet<>(pgp);
        s.addAll(Arrays.asList(fqdns));
        return new BackupOptions(skipped, withoutManifest, serverVersion, replacements, s);
    }

    /** Priam only: nodes whose objects are listed and stored as PGP-encrypted. */
    public Set<String> pgpNodes() {
        return pgp;
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
