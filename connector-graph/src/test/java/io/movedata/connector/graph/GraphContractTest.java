package io.movedata.connector.graph;

import java.util.Map;

import io.movedata.connector.graph.fixture.GraphWriter;
import io.movedata.connector.graph.schema.EdgeMapping;
import io.movedata.connector.graph.schema.GraphSchema;
import io.movedata.testkit.contract.Contract;
import io.movedata.testkit.contract.ConnectorContractTest;
import io.movedata.testkit.contract.ExpectedRows;

/**
 * The contract of the {@code graph} connector: two node types with properties of every type, a
 * bidirectional and a unidirectional edge mapping with properties, a deleted property, node and
 * link. The node tables stream (no shuffle) and the edges take their one shuffle: budgets per target
 * ({@code streaming()} for every target, {@code shuffles("edges", 1)} for the edges).
 */
class GraphContractTest extends ConnectorContractTest {
    static final String SCHEMA = """
            keyspace: g
            nodeTypes:
              - name: person
                properties: {name: STRING, age: LONG, score: DOUBLE, active: BOOLEAN, born: TIMESTAMP}
              - name: company
                properties: {name: STRING}
            edgeMappings:
              - {fromNodeType: person, edgeType: knows, toNodeType: person, direction: BIDIRECTIONAL,
                 properties: {since: TIMESTAMP}}
              - {fromNodeType: person, edgeType: works_at, toNodeType: company, direction: UNIDIRECTIONAL,
                 properties: {role: STRING}}
            """;

    @Override
    protected Contract contract() {
        GraphSchema schema = GraphSchema.parse(SCHEMA);
        return Contract.connector("graph")
                .schema("CREATE KEYSPACE g WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                .schema(GraphWriter.cql(schema))
                .data(cluster -> {
                    // Timestamps: the writer's clock, 2026-01-01T00:00:00Z plus one millisecond per write, in this order.
                    GraphWriter graph = new GraphWriter(cluster, schema);
                    graph.node("person", "p1").property("person", "p1", "name", "Ada").property("person", "p1", "age", "36")
                            .property("person", "p1", "score", "9.5").property("person", "p1", "active", "true")
                            .property("person", "p1", "born", "1815-12-10T00:00:00Z");
                    graph.node("person", "p2").property("person", "p2", "name", "Alan").property("person", "p2", "age", "41")
                            .property("person", "p2", "active", "false").deleteProperty("person", "p2", "age");
                    graph.node("person", "p3").deleteNode("person", "p3");
                    graph.node("company", "c1").property("company", "c1", "name", "Acme");
                    EdgeMapping knows = schema.edgeMappings().get(0);
                    EdgeMapping worksAt = schema.edgeMappings().get(1);
                    graph.link(knows, "p2", "p1").edgeProperty(knows, "p2", "p1", "since", "2026-01-01T00:00:00Z");
                    graph.link(worksAt, "p1", "c1").edgeProperty(worksAt, "p1", "c1", "role", "engineer");
                    graph.link(worksAt, "p2", "c1").deleteLink(worksAt, "p2", "c1");
                })
                .options(Map.of("schema", SCHEMA, "buckets", "4"))
                .streaming()
                .shuffles("edges", 1)
                .expectedRows("person", ExpectedRows.jsonLines("/contract/person.jsonl"))
                .expectedRows("company", ExpectedRows.jsonLines("/contract/company.jsonl"))
                .expectedRows("edges", ExpectedRows.jsonLines("/contract/edges.jsonl"));
    }
}
