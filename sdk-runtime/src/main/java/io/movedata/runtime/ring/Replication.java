package io.movedata.runtime.ring;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a keyspace replicates, which is what decides the nodes holding each token range, and so
 * whose backups hold a range's data.
 *
 * <p>Only the two strategies that place data by token are supported: {@link Simple}
 * (SimpleStrategy) and {@link NetworkTopology} (NetworkTopologyStrategy). LocalStrategy and
 * EverywhereStrategy keyspaces are node-local or on every node, so splitting them by token
 * ownership would be meaningless.
 */
public sealed interface Replication extends Serializable
        permits Replication.Simple, Replication.NetworkTopology {

    String CLASS_OPTION = "class";
    String REPLICATION_FACTOR_OPTION = "replication_factor";

    String LOCATOR_PACKAGE = "org.apache.cassandra.locator.";
    String SIMPLE_STRATEGY = "SimpleStrategy";
    String NETWORK_TOPOLOGY_STRATEGY = "NetworkTopologyStrategy";

    /**
     * The replica count a datacenter asks for, before it is capped by the number of nodes the
     * datacenter has.
     */
    int factorFor(String datacenter);

    /** SimpleStrategy: {@code replicationFactor} replicas, ignoring datacenters and racks. */
    record Simple(int replicationFactor) implements Replication {
        private static final long serialVersionUID = 1L;

        public Simple {
            if (replicationFactor < 0) {
                throw new IllegalArgumentException(
                        "replication factor must not be negative, got " + replicationFactor);
            }
        }

        /** The one factor, whatever the datacenter, since SimpleStrategy ignores topology. */
        @Override
        public int factorFor(String datacenter) {
            return replicationFactor;
        }
    }

    /**
     * NetworkTopologyStrategy: a replica count per datacenter.
     *
     * @param datacenterFactors factor of each datacenter named in the options
     * @param defaultFactor     factor of every other datacenter; 0 unless the options carried the
     *                          {@code replication_factor} shorthand of Cassandra 4.0+, which Cassandra
     *                          expands to every datacenter when the keyspace is created
     */
    record NetworkTopology(Map<String, Integer> datacenterFactors, int defaultFactor)
            implements Replication {
        private static final long serialVersionUID = 1L;

        public NetworkTopology {
            Objects.requireNonNull(datacenterFactors, "datacenterFactors");
            datacenterFactors.forEach((dc, factor) -> {
                Objects.requireNonNull(dc, "datacenter name");
                Objects.requireNonNull(factor, () -> "replication factor of " + dc);
                if (factor < 0) {
                    throw new IllegalArgumentException(
                            "replication factor of " + dc + " must not be negative, got " + factor);
                }
            });
            if (defaultFactor < 0) {
                throw new IllegalArgumentException(
                        "default replication factor must not be negative, got " + defaultFactor);
            }
            // sorted so that toString and logs are the same from run to run
            datacenterFactors = Collections.unmodifiableMap(new TreeMap<>(datacenterFactors));
        }

        public NetworkTopology(Map<String, Integer> datacenterFactors) {
            this(datacenterFactors, 0);
        }

        @Override
        public int factorFor(String datacenter) {
            return datacenterFactors.getOrDefault(datacenter, defaultFactor);
        }
    }

    static Simple simple(int replicationFactor) {
        return new Simple(replicationFactor);
    }

    static NetworkTopology networkTopology(Map<String, Integer> datacenterFactors) {
        return new NetworkTopology(datacenterFactors);
    }

    /**
     * Reads the replication map as Cassandra stores it in {@code system_schema.keyspaces.replication}
     * or as written in {@code CREATE KEYSPACE ... WITH replication = {...}}.
     *
     * <p>{@code class} may be the short or the fully qualified name of SimpleStrategy or
     * NetworkTopologyStrategy. SimpleStrategy needs {@code replication_factor} and nothing else; for
     * NetworkTopologyStrategy every other key is a datacenter name, and a {@code replication_factor}
     * key sets the factor of datacenters not listed (see {@link NetworkTopology#defaultFactor()}).
     *
     * <p>A factor may be written {@code "3/1"}, Cassandra's transient replication syntax: 3 replicas
     * of which 1 is transient. The number before the slash is taken, because transient replicas are
     * placed on nodes exactly like full ones (they are the last ones chosen); they only keep less
     * data, namely what has not been repaired yet.
     *
     * @throws IllegalArgumentException for a missing or unsupported class, a missing or malformed
     *                                  factor, or an option SimpleStrategy does not take
     */
    static Replication fromCql(Map<String, String> replicationOptions) {
        Objects.requireNonNull(replicationOptions, "replicationOptions");
        Map<String, String> options = new LinkedHashMap<>(replicationOptions);
        String strategyClass = options.remove(CLASS_OPTION);
        if (strategyClass == null) {
            throw new IllegalArgumentException(
                    "replication options have no '" + CLASS_OPTION + "': " + replicationOptions);
        }
        String shortName = strategyClass.trim();
        if (shortName.startsWith(LOCATOR_PACKAGE)) {
            shortName = shortName.substring(LOCATOR_PACKAGE.length());
        }
        if (shortName.equals(SIMPLE_STRATEGY)) {
            String factor = options.remove(REPLICATION_FACTOR_OPTION);
            if (factor == null) {
                throw new IllegalArgumentException(
                        SIMPLE_STRATEGY + " needs '" + REPLICATION_FACTOR_OPTION + "': " + replicationOptions);
            }
            if (!options.isEmpty()) {
                // Cassandra refuses these too; accepting them would hide a keyspace meant to be NTS
                throw new IllegalArgumentException(
                        SIMPLE_STRATEGY + " takes only '" + REPLICATION_FACTOR_OPTION
                                + "', unexpected options " + options.keySet());
            }
            return new Simple(parseFactor(REPLICATION_FACTOR_OPTION, factor));
        }
        if (shortName.equals(NETWORK_TOPOLOGY_STRATEGY)) {
            String defaultFactor = options.remove(REPLICATION_FACTOR_OPTION);
            Map<String, Integer> factors = new LinkedHashMap<>();
            options.forEach((dc, factor) -> factors.put(dc, parseFactor(dc, factor)));
            return new NetworkTopology(factors,
                    defaultFactor == null ? 0 : parseFactor(REPLICATION_FACTOR_OPTION, defaultFactor));
        }
        throw new IllegalArgumentException("unsupported replication class '" + strategyClass
                + "'; supported are " + SIMPLE_STRATEGY + " and " + NETWORK_TOPOLOGY_STRATEGY
                + " (short or " + LOCATOR_PACKAGE + " names)");
    }

    /** Total replicas of a factor: "3" or, with transient replicas, "3/1". */
    private static int parseFactor(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("replication factor of '" + key + "' is missing");
        }
        // compiled per call: an interface cannot hold a private constant, and this runs once per DC
        Matcher matcher = Pattern.compile("(\\d+)(?:/(\\d+))?").matcher(value.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("replication factor of '" + key + "' must be a number"
                    + " or 'total/transient', got '" + value + "'");
        }
        try {
            int total = Integer.parseInt(matcher.group(1));
            if (matcher.group(2) != null) {
                int transientReplicas = Integer.parseInt(matcher.group(2));
                if (transientReplicas > 0 && transientReplicas >= total) {
                    throw new IllegalArgumentException("replication factor of '" + key + "' ('" + value
                            + "') needs at least one full replica");
                }
            }
            return total;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "replication factor of '" + key + "' is too large: '" + value + "'", e);
        }
    }
}
