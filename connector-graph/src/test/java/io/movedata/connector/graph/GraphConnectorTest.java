package io.movedata.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.SourceTable;
import io.movedata.testkit.TestConnectorContext;

/** The factory as the runtime finds and creates it: its options, and the tables it reads. */
class GraphConnectorTest {
    private static final Instant R = Instant.parse("2026-06-01T00:00:00Z");
    private static final GraphConnector FACTORY = new GraphConnector();

    private static ConnectorOptions options(String... pairs) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return ConnectorOptions.validate(FACTORY.name(), FACTORY.options(), raw);
    }

    @Test
    void theFactoryIsFoundByServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("graph")).findFirst()).get().isInstanceOf(GraphConnector.class);
    }

    @Test
    void optionsHaveTheirDefaultsAndEachProblemIsNamedInOneMessage() {
        assertThat(options("schema", GraphContractTest.SCHEMA).masked()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "schema", GraphContractTest.SCHEMA.strip(), "onIntegrity", "fail", "onCorrupt", "fail", "buckets", "16"));
        assertThatThrownBy(() -> options("onIntegrity", "ignore", "buckets", "0"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("Invalid options for connector 'graph': option 'schema' is required: the graph schema, "
                        + "YAML or JSON text: ")
                .hasMessageContaining("option 'onIntegrity': expected one of fail, skip, keep-raw, found 'ignore' (")
                .hasMessageContaining("option 'buckets': expected a number of at least 1, found '0' (the node tables are "
                        + "partitioned by bucket(buckets, id))");
    }

    @Test
    void anInvalidSchemaIsRefusedWhenTheConnectorIsCreated() {
        assertThatThrownBy(() -> FACTORY.create(options("schema", "keyspace: g\nnodeTypes: [{name: person, properties: "
                + "{age: INT}}]"), new TestConnectorContext(R)))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Invalid graph schema (connector option 'schema'): line 2: unknown type 'INT' of property 'age' of "
                        + "node type 'person'; known: STRING, LONG, DOUBLE, BOOLEAN, TIMESTAMP");
    }

    @Test
    void itReadsEveryNamespaceOfTheSchemaWithItsWriteTimes() {
        assertThat(FACTORY.create(options("schema", GraphContractTest.SCHEMA), new TestConnectorContext(R)).sources())
                .extracting(SourceTable::table).containsExactly("g.person", "g.person_chunks", "g.company", "g.company_chunks",
                        "g.person_knows_person_forward", "g.person_knows_person_forward_chunks",
                        "g.person_knows_person_reverse", "g.person_knows_person_reverse_chunks",
                        "g.person_knows_person_properties", "g.person_knows_person_properties_chunks",
                        "g.person_works_at_company_forward", "g.person_works_at_company_forward_chunks",
                        "g.person_works_at_company_reverse", "g.person_works_at_company_reverse_chunks",
                        "g.person_works_at_company_properties", "g.person_works_at_company_properties_chunks");
        assertThat(FACTORY.create(options("schema", GraphContractTest.SCHEMA), new TestConnectorContext(R)).sources())
                .allSatisfy(source -> assertThat(source.rowWritetime()).isTrue());
    }
}
