package io.movedata.connector.graph;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;
import io.movedata.api.OptionSpec;
import io.movedata.api.ReportedCount;

/**
 * What the connector does with what the graph schema or the storage model does not allow
 * ({@link Fault}), as option {@code onIntegrity} says: {@code fail} the movement at the first,
 * {@code skip} it (leave the value, property or edge out) and count it, or {@code keep-raw}: keep it
 * flagged (the raw value in {@code raw_properties}, the edge with its {@code faults}) and count it.
 * Counts are reported under {@code connector.counts.<fault>}, with samples.
 */
final class Integrity implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String OPTION = "onIntegrity";
    static final String FAIL = "fail";
    static final String SKIP = "skip";
    static final String KEEP_RAW = "keep-raw";

    /** A kind of fault, by the name of its count and what it counts. */
    enum Fault {
        FORWARD_WITHOUT_REVERSE("forwardWithoutReverse", "forward links whose reverse link is missing"),
        REVERSE_WITHOUT_FORWARD("reverseWithoutForward", "reverse links whose forward link is missing"),
        MISSING_NODE("missingNodes", "edges whose from or to node is missing"),
        UNPARSABLE_VALUE("unparsableValues", "property values that do not parse as their declared type"),
        UNDECLARED_PROPERTY("undeclaredProperties",
                "properties the graph schema does not declare for their node type or edge mapping"),
        ORPHAN_EDGE_PROPERTIES("orphanEdgeProperties", "edge properties of a pair of nodes without a link"),
        MALFORMED_EDGE_ID("malformedEdgeIds", "link keys and edge-properties ids that are not node ids");

        private final String countName;
        private final String description;

        Fault(String countName, String description) {
            this.countName = countName;
            this.description = description;
        }

        /** The count's name in the report, under {@code connector.counts}. */
        String countName() {
            return countName;
        }
    }

    private final String policy;
    /** Null when failing. */
    private final Map<Fault, ReportedCount> counts;

    private Integrity(String policy, Map<Fault, ReportedCount> counts) {
        this.policy = policy;
        this.counts = counts;
    }

    static OptionSpec option() {
        return OptionSpec.string(OPTION).defaultValue(FAIL).validator(OptionSpec.Validator.oneOf(FAIL, SKIP, KEEP_RAW))
                .documentation("a one-sided link, an edge whose node is missing, a property value that is not of its type, "
                        + "an undeclared property, edge properties without a link, a malformed id: 'fail' the movement naming "
                        + "it, 'skip' it (leave it out) and count it, or 'keep-raw': keep it flagged (raw_properties, faults) "
                        + "and count it");
    }

    /** The policy the option's value names; its counts registered in the report unless it fails. */
    static Integrity of(String policy, ConnectorContext context) {
        if (policy.equals(FAIL)) {
            return new Integrity(policy, null);
        }
        Map<Fault, ReportedCount> counts = new EnumMap<>(Fault.class);
        String outcome = policy.equals(SKIP) ? " (onIntegrity=skip: left out)" : " (onIntegrity=keep-raw: kept, flagged)";
        for (Fault fault : Fault.values()) {
            boolean dropped = fault == Fault.ORPHAN_EDGE_PROPERTIES || fault == Fault.MALFORMED_EDGE_ID;
            counts.put(fault, context.count(fault.countName(), fault.description
                    + (dropped ? " (left out: there is no edge to keep them on)" : outcome)));
        }
        return new Integrity(policy, counts);
    }

    /** Whether faults are kept in the tables, flagged, rather than left out. */
    boolean keepsRaw() {
        return policy.equals(KEEP_RAW);
    }

    /**
     * A fault was found, described by {@code sample} (what and where, one line).
     *
     * @throws ConnectorException ({@link ErrorKind#UNREADABLE_SOURCE}) when failing
     */
    void found(Fault fault, String sample) {
        if (counts == null) {
            throw new ConnectorException(ErrorKind.UNREADABLE_SOURCE, "Graph integrity: " + sample + " (connector option "
                    + OPTION + "=" + SKIP + " leaves such faults out and counts them, " + KEEP_RAW + " keeps them flagged)");
        }
        counts.get(fault).add(sample);
    }
}
