package io.movedata.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.connector.graph.schema.GraphSchema;
import io.movedata.testkit.TestConnectorContext;

import scala.jdk.javaapi.CollectionConverters;

/**
 * The edges assembled from one task's sorted parts, and their checks, without Spark: orientations,
 * bidirectional edges, shared properties, link faults, orphan properties and missing nodes under
 * each policy.
 */
class EdgeAssemblyTest {
    private static final Instant R = Instant.parse("2026-06-01T00:00:00Z");
    private static final GraphSchema SCHEMA = GraphSchema.parse("""
            keyspace: g
            nodeTypes: [{name: person}, {name: post}]
            edgeMappings:
              - {fromNodeType: person, edgeType: follows, toNodeType: person, direction: UNIDIRECTIONAL,
                 properties: {since: LONG}}
              - {fromNodeType: person, edgeType: friends, toNodeType: person, direction: BIDIRECTIONAL}
              - {fromNodeType: post, edgeType: tags, toNodeType: person, direction: BIDIRECTIONAL}
            """);
    private static final int FOLLOWS = 0;
    private static final int FRIENDS = 1;
    private static final int TAGS = 2;

    private static Row link(int mapping, String source, String target, boolean forward, long writeTime) {
        EdgePair pair = EdgePair.of(source, target);
        return RowFactory.create(mapping, pair.low(), pair.high(), forward ? EdgePartsTransform.FORWARD : EdgePartsTransform.REVERSE,
                pair.isLow(source), null, null, writeTime);
    }

    private static List<Row> both(int mapping, String source, String target, long writeTime) {
        return List.of(link(mapping, source, target, true, writeTime), link(mapping, source, target, false, writeTime));
    }

    private static Row property(int mapping, String a, String b, String name, String value, long writeTime) {
        EdgePair pair = EdgePair.of(a, b);
        return RowFactory.create(mapping, pair.low(), pair.high(), EdgePartsTransform.PROPERTY, null,
                name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), writeTime);
    }

    /** The edges of the parts, sorted as the shuffle's sort leaves them, as strings. */
    private static List<String> assemble(List<Row> parts, Integrity integrity) {
        List<Row> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.<Row>comparingInt(r -> r.getInt(0)).thenComparing(r -> r.getString(1), EdgePair::compare)
                .thenComparing(r -> r.getString(2), EdgePair::compare));
        List<String> edges = new ArrayList<>();
        new EdgeAssembly(SCHEMA, integrity, false).call(sorted.iterator()).forEachRemaining(row -> edges.add(text(row)));
        return edges;
    }

    private static String text(Row row) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            if (value instanceof scala.collection.Map<?, ?> map) {
                value = CollectionConverters.asJava(map).keySet();
            } else if (value instanceof scala.collection.Seq<?> seq) {
                value = CollectionConverters.asJava(seq);
            } else if (value instanceof java.sql.Timestamp time) {
                value = time.toInstant().getNano() / 1000;
            }
            fields.add(String.valueOf(value));
        }
        return String.join("|", fields);
    }

    @Test
    void aBidirectionalEdgeWithinOneNodeTypeIsOneEdgeFromItsLowerIdWhateverItsOrientations() {
        List<Row> parts = new ArrayList<>(both(FRIENDS, "zed", "amy", 5));
        parts.addAll(both(FRIENDS, "amy", "zed", 7));
        parts.addAll(both(FRIENDS, "bob", "cat", 3));

        assertThat(assemble(parts, Integrity.of(Integrity.FAIL, new TestConnectorContext(R)))).containsExactly(
                "friends|person|amy|person|zed|BIDIRECTIONAL|null|7|null|[]",
                "friends|person|bob|person|cat|BIDIRECTIONAL|null|3|null|[]");
    }

    @Test
    void aUnidirectionalEdgeEachWayIsTwoEdgesSharingThePairsProperties() {
        List<Row> parts = new ArrayList<>(both(FOLLOWS, "zed", "amy", 5));
        parts.addAll(both(FOLLOWS, "amy", "zed", 6));
        parts.add(property(FOLLOWS, "amy", "zed", "since", "2019", 9));
        parts.addAll(both(FOLLOWS, "self", "self", 4));

        assertThat(assemble(parts, Integrity.of(Integrity.FAIL, new TestConnectorContext(R)))).containsExactly(
                "follows|person|amy|person|zed|UNIDIRECTIONAL|2019|9|null|[]",
                "follows|person|zed|person|amy|UNIDIRECTIONAL|2019|9|null|[]",
                "follows|person|self|person|self|UNIDIRECTIONAL|null|4|null|[]");
    }

    @Test
    void aBidirectionalEdgeBetweenTwoNodeTypesKeepsTheMappingsOrder() {
        assertThat(assemble(both(TAGS, "zz-post", "aa-person", 1), Integrity.of(Integrity.FAIL, new TestConnectorContext(R))))
                .containsExactly("tags|post|zz-post|person|aa-person|BIDIRECTIONAL|null|1|null|[]");
    }

    @Test
    void aTimestampBefore1582IsEncodedExactlyWithOrWithoutJava8Instants() {
        GraphSchema schema = GraphSchema.parse("""
                keyspace: g
                nodeTypes: [{name: person}]
                edgeMappings:
                  - {fromNodeType: person, edgeType: met, toNodeType: person, direction: UNIDIRECTIONAL,
                     properties: {on: TIMESTAMP}}
                """);
        StructType layout = GraphTables.edgesSchema(schema, true);
        for (String text : new String[] {"0001-01-01T00:00:00Z", "1500-01-01T00:00:00Z"}) {
            List<Row> parts = new ArrayList<>(both(0, "a", "b", 1));
            parts.add(property(0, "a", "b", "on", text, 1));
            for (boolean instants : new boolean[] {false, true}) {
                Row edge = new EdgeAssembly(schema, Integrity.of(Integrity.FAIL, new TestConnectorContext(R)), instants).call(parts.iterator())
                        .next();
                // Spark's own encoding of the row, lenient so that it takes either kind whatever the
                // active session's java8API says: a Timestamp through the conversion a strict encoder
                // of a java8API-off session uses (fromJavaTimestamp), an Instant as it is.
                InternalRow encoded = ExpressionEncoder.apply(layout, true).createSerializer().apply(edge);
                assertThat(DateTimeUtils.microsToInstant(encoded.getLong(6))).as(text + " java8API " + instants)
                        .isEqualTo(Instant.parse(text));
            }
        }
    }

    @Test
    void linkFaultsAreCountedAndFlaggedForTheChecksToDecide() {
        TestConnectorContext context = new TestConnectorContext(R);
        List<Row> parts = new ArrayList<>(List.of(link(FOLLOWS, "a", "b", true, 1), link(FOLLOWS, "c", "d", false, 2)));
        parts.addAll(both(FRIENDS, "e", "f", 3));
        parts.add(link(FRIENDS, "f", "e", true, 4));
        parts.add(property(FOLLOWS, "x", "y", "since", "1", 5));
        parts.add(property(FOLLOWS, "a", "b", "since", "soon", 6));
        parts.add(property(FOLLOWS, "a", "b", "colour", "red", 6));

        assertThat(assemble(parts, Integrity.of(Integrity.KEEP_RAW, context))).containsExactly(
                "follows|person|a|person|b|UNIDIRECTIONAL|null|6|[since, colour]|[reverse_link_missing]",
                "follows|person|c|person|d|UNIDIRECTIONAL|null|2|null|[forward_link_missing]",
                "friends|person|e|person|f|BIDIRECTIONAL|null|4|null|[reverse_link_missing]");
        assertThat(context.counted()).containsEntry("forwardWithoutReverse", List.of(
                        "link (person, follows, person) 'a' -> 'b': forward link in g.person_follows_person_forward, no reverse "
                                + "link in g.person_follows_person_reverse",
                        "link (person, friends, person) 'f' -> 'e': forward link in g.person_friends_person_forward, no reverse "
                                + "link in g.person_friends_person_reverse"))
                .containsEntry("reverseWithoutForward", List.of("link (person, follows, person) 'c' -> 'd': reverse link in "
                        + "g.person_follows_person_reverse, no forward link in g.person_follows_person_forward"))
                .containsEntry("orphanEdgeProperties", List.of("edge (person, follows, person) between 'x' and 'y': 1 properties "
                        + "in g.person_follows_person_properties but no link in g.person_follows_person_forward or "
                        + "g.person_follows_person_reverse"))
                .containsEntry("unparsableValues", List.of("edge (person, follows, person) between 'a' and 'b': property "
                        + "'since' is 'soon', not a decimal integer of 64 bits (e.g. -42) (LONG)"))
                .containsEntry("undeclaredProperties", List.of("edge (person, follows, person) between 'a' and 'b': property "
                        + "'colour' is not declared (declared: since)"));
        assertThat(context.descriptions().get("forwardWithoutReverse"))
                .isEqualTo("forward links whose reverse link is missing (onIntegrity=keep-raw: kept, flagged)");
        assertThat(context.descriptions().get("orphanEdgeProperties")).isEqualTo("edge properties of a pair of nodes "
                + "without a link (left out: there is no edge to keep them on)");
    }

    @Test
    void failStopsAtTheFirstFaultNamingIt() {
        assertThatThrownBy(() -> assemble(List.of(link(FOLLOWS, "a", "b", true, 1)), Integrity.of(Integrity.FAIL, new TestConnectorContext(R))))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Graph integrity: link (person, follows, person) 'a' -> 'b': forward link in "
                        + "g.person_follows_person_forward, no reverse link in g.person_follows_person_reverse (connector option "
                        + "onIntegrity=skip leaves such faults out and counts them, keep-raw keeps them flagged)");
    }

    @Test
    void checksLeaveOutOrKeepFlaggedAnEdgeWithAFaultOrAMissingNode() {
        int width = GraphTables.edgesSchema(SCHEMA, true).size();
        List<Row> edges = List.of(checked("a", "b", List.of(), true, true, width), checked("a", "gone", List.of(), true, false, width),
                checked("c", "d", List.of(EdgeAssembly.REVERSE_LINK_MISSING), false, true, width));
        TestConnectorContext skipped = new TestConnectorContext(R);
        TestConnectorContext kept = new TestConnectorContext(R);

        assertThat(check(edges, Integrity.of(Integrity.SKIP, skipped))).containsExactly("follows|person|a|person|b|UNIDIRECTIONAL|7|1");
        assertThat(check(edges, Integrity.of(Integrity.KEEP_RAW, kept))).containsExactly(
                "follows|person|a|person|b|UNIDIRECTIONAL|7|1|null|null",
                "follows|person|a|person|gone|UNIDIRECTIONAL|7|1|null|[to_node_missing]",
                "follows|person|c|person|d|UNIDIRECTIONAL|7|1|null|[reverse_link_missing, from_node_missing]");
        assertThat(skipped.counted().get("missingNodes")).isEqualTo(kept.counted().get("missingNodes")).containsExactly(
                "edge (person, follows, person) 'a' -> 'gone': to node person 'gone' is not in g.person",
                "edge (person, follows, person) 'c' -> 'd': from node person 'c' is not in g.person");
    }

    /** An assembled edge of follows with {@code since} 7, then whether its ends exist. */
    private static Row checked(String from, String to, List<String> faults, boolean fromPresent, boolean toPresent, int width) {
        Object[] row = new Object[width + 2];
        Object[] edge = {"follows", "person", from, "person", to, "UNIDIRECTIONAL", 7L, GraphTables.timestamp(1), null,
                CollectionConverters.asScala(faults).toSeq(), fromPresent, toPresent};
        System.arraycopy(edge, 0, row, 0, row.length);
        return RowFactory.create(row);
    }

    private static List<String> check(List<Row> edges, Integrity integrity) {
        List<String> checked = new ArrayList<>();
        new EdgeChecks(SCHEMA, integrity).call(edges.iterator()).forEachRemaining(row -> checked.add(text(row)));
        return checked;
    }

    @Test
    void theIntegrityOptionIsOneOfThreePolicies() {
        assertThat(Integrity.option().describe()).isEqualTo("onIntegrity (string, default fail): a one-sided link, an edge "
                + "whose node is missing, a property value that is not of its type, an undeclared property, edge properties "
                + "without a link, a malformed id: 'fail' the movement naming it, 'skip' it (leave it out) and count it, or "
                + "'keep-raw': keep it flagged (raw_properties, faults) and count it");
        assertThat(Map.of("fail", Integrity.FAIL, "skip", Integrity.SKIP, "keep-raw", Integrity.KEEP_RAW))
                .allSatisfy((text, policy) -> assertThat(Integrity.option().value(text)).isEqualTo(policy));
    }
}
