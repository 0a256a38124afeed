package io.movedata.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.movedata.connector.graph.fixture.SocialGraphWriter;
import io.movedata.testkit.FixtureCluster;

/**
 * The demo's {@code graph} part: a generated social graph (people, companies and posts; follows,
 * friends, works_at, likes and tags edges, properties of every type, deletes) stored as key-value
 * namespaces in keyspace {@code social}, moved into one table per node type and one edges table;
 * it prints a sample of people and of edges.
 */
final class GraphDemo implements DemoPart {
    private static final int PEOPLE = 40;
    private static final long SEED = 20261209L;

    @Override
    public String connector() {
        return "graph";
    }

    @Override
    public String schema() {
        return SocialGraphWriter.cql(3);
    }

    @Override
    public String write(FixtureCluster cluster) {
        new SocialGraphWriter(cluster).generate(SEED, PEOPLE, Instant.now());
        return "social graph in keyspace social (" + PEOPLE + " people, companies and posts; follows, friends, works_at, "
                + "likes and tags edges), one key-value namespace per node type and per edge type's links and properties";
    }

    @Override
    public String specFile() {
        return "graph-movement.yaml";
    }

    /** The graph schema travels in the spec, as the connector's {@code schema} option. */
    @Override
    public String spec(String source, Path root) {
        String schema = SocialGraphWriter.SCHEMA.lines().map(line -> "      " + line).collect(Collectors.joining("\n"));
        return """
                # The demo's graph movement; the S3 endpoint only runs while 'movedata demo' does.
                name: demo-social-graph
                %s
                  consistency: LOCAL_QUORUM
                connector:
                  name: graph
                  options:
                    buckets: 4
                    schema: |
                %s
                destination:
                  catalog: {name: demo, type: hadoop, warehouse: "%s"}
                  namespace: social
                  tables: {person: person, company: company, post: post, edges: edges}
                  mode: overwrite
                reportDirectory: "%s"
                """.formatted(source, schema, root.resolve("warehouse"), root.resolve("reports"));
    }

    @Override
    public String moves() {
        return "graph: the social graph's namespaces into demo.social.person, company, post and edges";
    }

    @Override
    public void show(Steps steps, Path root) {
        Dataset<Row> people = LocalSpark.session().sql("SELECT * FROM demo.social.person ORDER BY id LIMIT 6");
        steps.step("A sample of demo.social.person, typed property columns:");
        steps.out().print(ShowCommand.render(people.schema(), people.collectAsList()));
        Dataset<Row> edges = LocalSpark.session().sql("""
                SELECT edge_type, from_type, from_id, to_type, to_id, direction, last_write_time
                FROM (SELECT *, row_number() OVER (PARTITION BY edge_type ORDER BY from_id, to_id) AS n FROM demo.social.edges)
                WHERE n <= 2
                ORDER BY edge_type, from_id, to_id""");
        steps.step("Edges of demo.social.edges, two of each type (a bidirectional edge once, its ids in order):");
        steps.out().print(ShowCommand.render(edges.schema(), edges.collectAsList()));
    }
}
