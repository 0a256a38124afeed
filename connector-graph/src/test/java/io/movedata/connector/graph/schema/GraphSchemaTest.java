package io.movedata.connector.graph.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;

/** A graph schema read from YAML and JSON, and every kind of mistake refused in one line naming its line. */
class GraphSchemaTest {
    private static final String PREFIX = "Invalid graph schema (connector option 'schema'): ";

    private static final String SOCIAL = """
            keyspace: social
            nodeTypes:
              - name: Person
                properties: {name: STRING, age: LONG, score: DOUBLE, verified: BOOLEAN, joined: TIMESTAMP}
              - name: company
                namespace: crm.companies
            edgeMappings:
              - fromNodeType: Person
                edgeType: follows
                toNodeType: Person
                direction: UNIDIRECTIONAL
                properties: {since: TIMESTAMP}
              - fromNodeType: Person
                edgeType: works_at
                toNodeType: company
                direction: BIDIRECTIONAL
                properties: {role: STRING, since: TIMESTAMP}
                namespaces: {reverse: crm.employees}
            """;

    @Test
    void readsNodeTypesAndEdgeMappingsWithTheirDefaultNamespaces() {
        GraphSchema schema = GraphSchema.parse(SOCIAL);

        assertThat(schema.keyspace()).isEqualTo("social");
        assertThat(schema.nodeTypes()).containsExactly(
                new NodeType("Person", "social.person", Map.of("name", PropertyType.STRING, "age", PropertyType.LONG,
                        "score", PropertyType.DOUBLE, "verified", PropertyType.BOOLEAN, "joined", PropertyType.TIMESTAMP)),
                new NodeType("company", "crm.companies", Map.of()));
        assertThat(schema.nodeType("Person").properties().keySet()).as("in the order declared")
                .containsExactly("name", "age", "score", "verified", "joined");
        assertThat(schema.edgeMappings()).containsExactly(
                new EdgeMapping("Person", "follows", "Person", Direction.UNIDIRECTIONAL, Map.of("since", PropertyType.TIMESTAMP),
                        "social.person_follows_person_forward", "social.person_follows_person_reverse",
                        "social.person_follows_person_properties"),
                new EdgeMapping("Person", "works_at", "company", Direction.BIDIRECTIONAL,
                        Map.of("role", PropertyType.STRING, "since", PropertyType.TIMESTAMP),
                        "social.person_works_at_company_forward", "crm.employees", "social.person_works_at_company_properties"));
        assertThat(schema.edgeProperties().keySet()).as("each name once, in the order first declared")
                .containsExactly("since", "role");
        assertThat(schema.edgeMappings().get(1).mergesOrientations()).as("between two node types").isFalse();
    }

    @Test
    void readsJsonAsYamlIsRead() {
        String json = """
                {"keyspace": "social",
                 "nodeTypes": [{"name": "Person", "properties": {"name": "STRING", "age": "LONG", "score": "DOUBLE",
                                 "verified": "BOOLEAN", "joined": "TIMESTAMP"}},
                               {"name": "company", "namespace": "crm.companies"}],
                 "edgeMappings": [
                   {"fromNodeType": "Person", "edgeType": "follows", "toNodeType": "Person", "direction": "UNIDIRECTIONAL",
                    "properties": {"since": "TIMESTAMP"}},
                   {"fromNodeType": "Person", "edgeType": "works_at", "toNodeType": "company", "direction": "BIDIRECTIONAL",
                    "properties": {"role": "STRING", "since": "TIMESTAMP"}, "namespaces": {"reverse": "crm.employees"}}]}
                """;

        assertThat(GraphSchema.parse(json)).isEqualTo(GraphSchema.parse(SOCIAL));
    }

    @Test
    void refusesAnUnknownField() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                    colour: blue
                """, "line 4: unknown field 'colour' in node type 'person'; known fields: name, namespace, properties");
    }

    @Test
    void refusesAMissingField() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - properties: {age: LONG}
                edgeMappings:
                  - {fromNodeType: a, edgeType: b, toNodeType: c}
                """, "line 3: node type 1 has no field 'name'; "
                + "line 5: edge mapping (a, b, c) has no field 'direction'");
        assertRefused("nodeTypes: []", "line 1: the schema has no field 'keyspace'");
    }

    @Test
    void refusesAnUnknownTypeOrDirection() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                    properties:
                      age: INT
                      name: string
                edgeMappings:
                  - {fromNodeType: person, edgeType: knows, toNodeType: person, direction: BOTH}
                """, "line 5: unknown type 'INT' of property 'age' of node type 'person'; known: STRING, LONG, DOUBLE, BOOLEAN, "
                + "TIMESTAMP; line 6: unknown type 'string' of property 'name' of node type 'person'; known: STRING, LONG, "
                + "DOUBLE, BOOLEAN, TIMESTAMP; line 8: unknown direction 'BOTH' of edge mapping (person, knows, person); "
                + "known: UNIDIRECTIONAL, BIDIRECTIONAL");
    }

    @Test
    void refusesANodeTypeDeclaredTwice() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                  - name: company
                  - name: Person
                """, "line 5: node type 'Person' is declared twice (first on line 3) (names are compared without case, as "
                + "table names are)");
    }

    @Test
    void refusesAnEdgeMappingNamingAnUndeclaredNodeType() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                edgeMappings:
                  - fromNodeType: person
                    edgeType: follows
                    toNodeType: persn
                    direction: UNIDIRECTIONAL
                """, "line 7: edge mapping (person, follows, persn) names node type 'persn', which the schema does not declare; "
                + "declared: person");
    }

    @Test
    void refusesConflictingEdgePropertyTypes() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                edgeMappings:
                  - {fromNodeType: person, edgeType: follows, toNodeType: person, direction: UNIDIRECTIONAL,
                     properties: {since: TIMESTAMP}}
                  - {fromNodeType: person, edgeType: friends, toNodeType: person, direction: BIDIRECTIONAL,
                     properties: {since: LONG, Closeness: DOUBLE}}
                  - {fromNodeType: person, edgeType: blocks, toNodeType: person, direction: UNIDIRECTIONAL,
                     properties: {closeness: DOUBLE}}
                """, "line 8: property 'since' of edge mapping (person, friends, person) is LONG but TIMESTAMP in edge mapping "
                + "(person, follows, person) (line 6); the edges table has one column per property name; line 10: property "
                + "'closeness' of edge mapping (person, blocks, person) differs only in case from property 'Closeness' of edge "
                + "mapping (person, friends, person) (line 8); the edges table has one column per property name");
    }

    @Test
    void refusesNamesTakenByTheTablesThemselves() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: edges
                  - name: person
                    properties: {id: STRING, last_write_time: TIMESTAMP, 2fa: BOOLEAN, Name: STRING, name: STRING}
                edgeMappings:
                  - {fromNodeType: person, edgeType: knows, toNodeType: person, direction: UNIDIRECTIONAL,
                     properties: {from_id: STRING}}
                """, "line 3: a node type cannot be named 'edges': the edges table takes that name; "
                + "line 5: property 'id' of node type 'person' takes the name of a column the table has anyway "
                + "(id, last_write_time, raw_properties); "
                + "line 5: property 'last_write_time' of node type 'person' takes the name of a column the table has anyway "
                + "(id, last_write_time, raw_properties); "
                + "line 5: property '2fa' of node type 'person' is not a name: expected letters, digits and _, not starting "
                + "with a digit; "
                + "line 5: property 'name' of node type 'person' differs only in case from property 'Name'; table columns are "
                + "compared without case; "
                + "line 8: property 'from_id' of edge mapping (person, knows, person) takes the name of a column the table has "
                + "anyway (direction, edge_type, faults, from_id, from_type, last_write_time, raw_properties, to_id, to_type)");
    }

    @Test
    void refusesNamespacesThatShareTables() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                  - name: robot
                    namespace: g.person
                  - name: alien
                    namespace: g.person_chunks
                  - name: tree
                    namespace: trees
                """, "line 5: the namespace of node type 'robot' uses table g.person, which the namespace of node type 'person' "
                + "(line 3) uses too; each namespace needs tables of its own; "
                + "line 5: the namespace of node type 'robot' uses table g.person_chunks, which the namespace of node type "
                + "'person' (line 3) uses too; each namespace needs tables of its own; "
                + "line 7: the namespace of node type 'alien' uses table g.person_chunks, which the namespace of node type "
                + "'person' (line 3) uses too; each namespace needs tables of its own; "
                + "line 9: the namespace of node type 'tree': expected keyspace.table, found 'trees'");
    }

    @Test
    void refusesABidirectionalMappingAndItsMirror() {
        assertRefused("""
                keyspace: g
                nodeTypes: [{name: profile}, {name: device}]
                edgeMappings:
                  - {fromNodeType: profile, edgeType: linked, toNodeType: device, direction: BIDIRECTIONAL}
                  - {fromNodeType: device, edgeType: linked, toNodeType: profile, direction: UNIDIRECTIONAL}
                """, "line 5: edge mapping (profile, linked, device) is BIDIRECTIONAL, so edge mapping (device, linked, profile) "
                + "would hold the same edges; declare one of them");
    }

    @Test
    void refusesTextThatIsNotYamlOrJsonOrRepeatsAKey() {
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                    properties: {age: LONG
                """, "line 5: not valid YAML: expected ',' or '}', but got <stream end> (while parsing a flow mapping from "
                + "line 4)");
        assertRefused("{\"keyspace\": \"g\",\n \"nodeTypes\": [}", "line 2: not valid JSON: Unexpected close marker '}': "
                + "expected ']'");
        assertRefused("""
                keyspace: g
                nodeTypes:
                  - name: person
                keyspace: h
                """, "line 4: key 'keyspace' is given twice in one mapping (first on line 1)");
        assertRefused("  ", "line 1: the schema is empty; expected a mapping with keyspace and nodeTypes");
        assertRefused("- a\n- b", "line 1: the schema must be a mapping, found a sequence");
    }

    private static void assertRefused(String text, String problems) {
        assertThatThrownBy(() -> GraphSchema.parse(text))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage(PREFIX + problems);
    }

    @Test
    void listsEveryNamespaceOfAMapping() {
        EdgeMapping mapping = GraphSchema.parse(SOCIAL).edgeMappings().get(1);
        assertThat(mapping.namespaces()).isEqualTo(List.of("social.person_works_at_company_forward", "crm.employees",
                "social.person_works_at_company_properties"));
        assertThat(mapping.describe()).isEqualTo("(Person, works_at, company)");
    }
}
