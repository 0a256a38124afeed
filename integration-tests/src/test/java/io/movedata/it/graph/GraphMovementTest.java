package io.movedata.it.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.exchange.BroadcastExchangeLike;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeLike;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.movedata.connector.graph.fixture.SocialGraphWriter;
import io.movedata.connector.graph.fixture.SocialGraphWriter.Faults;
import io.movedata.connector.graph.fixture.WrittenGraph;
import io.movedata.connector.graph.schema.GraphSchema;
import io.movedata.connector.graph.schema.NodeType;
import io.movedata.it.SharedSpark;
import io.movedata.runtime.iceberg.TablePlan;
import io.movedata.runtime.movement.MovementPlan;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.Outcome;
import io.movedata.runtime.movement.MovementRunner;
import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.ObjectStore;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.BackupMode;
import io.movedata.testkit.FixtureCluster;
import io.movedata.testkit.QueryExecutions;
import io.movedata.testkit.S3EndpointExtension;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Movements of a generated social graph ({@link SocialGraphWriter}: three node types, five edge
 * mappings, properties of every type, deletes, bidirectional edges) with the {@code graph} connector
 * through the real runtime, from a two-node backup (RF 2, read at ALL) into Iceberg: the node and
 * edges tables row for row against the rows computed from what the writer wrote
 * ({@link ExpectedGraph}); the plans (node tables without a shuffle, the edges with exactly one);
 * and every integrity fault under each policy, with its count and samples.
 */
class GraphMovementTest {
    @RegisterExtension
    static final S3EndpointExtension S3 = S3EndpointExtension.withBuckets("graph-moves");

    private static final String CATALOG = "graphmove";
    private static final int FAULTS_EACH = 2;

    @TempDir
    static Path work;

    private static FixtureCluster cluster;
    private static StoreLocation location;
    private static MovementRunner runner;
    private static final GraphSchema SCHEMA = SocialGraphWriter.schema();
    private static final Map<String, WrittenGraph> WRITTEN = new LinkedHashMap<>();
    private static Map<String, Integer> injected;
    private static Instant referenceTime;
    private static final Map<String, MovementReport> RUNS = new LinkedHashMap<>();
    /** The queries of the clean movement. */
    private static final QueryExecutions PLANS = new QueryExecutions(SharedSpark.session());

    @BeforeAll
    static void writeBackupsAndMove() {
        cluster = FixtureCluster.builder().schema(SocialGraphWriter.cql(2)).nodes(2).build();
        SocialGraphWriter social = new SocialGraphWriter(cluster);
        Instant now = Instant.now();
        social.generate(20261208L, 40, now);
        cluster.flush();
        location = S3.location("graph-moves", "cluster");
        try (ObjectStore store = S3.openStore("graph-moves")) {
            cluster.backup(store, location, "clean", BackupMode.DIFFERENTIAL);
            WRITTEN.put("clean", social.graph().written().copy());
            injected = social.inject(Faults.each(FAULTS_EACH));
            cluster.flush();
            cluster.backup(store, location, "faulty", BackupMode.DIFFERENTIAL);
            WRITTEN.put("faulty", social.graph().written());
        }
        referenceTime = now;
        runner = new MovementRunner(SharedSpark.session());
        RUNS.put("clean", PLANS.during(() -> runner.run(spec("clean", "clean", "fail"))));
        for (String policy : List.of("fail", "skip", "keep-raw")) {
            RUNS.put(policy, runner.run(spec(policy.replace("-", "_"), "faulty", policy)));
        }
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodeAndEdgeTablesHoldExactlyTheGeneratedGraph() {
        assertThat(RUNS.get("clean").outcome()).as(RUNS.get("clean").summary()).isEqualTo(Outcome.SUCCEEDED);
        ExpectedGraph expected = new ExpectedGraph(SCHEMA, WRITTEN.get("clean"), referenceTime, false);
        for (NodeType type : SCHEMA.nodeTypes()) {
            assertThat(rows("clean", type.name())).as(type.name()).isNotEmpty()
                    .containsExactlyElementsOf(formatted("clean", type.name(), expected.nodes(type)));
        }
        List<String> edges = rows("clean", "edges");
        assertThat(edges).containsExactlyElementsOf(formatted("clean", "edges", expected.edges()));
        for (String edgeType : List.of("follows", "friends", "works_at", "likes", "tags")) {
            assertThat(edges).as(edgeType).anySatisfy(edge -> assertThat(edge).startsWith(edgeType + "|"));
        }
        assertThat(RUNS.get("clean").connector().counts()).as("no fault counted under fail").isEmpty();
    }

    @Test
    void aBidirectionalEdgeWithinOneNodeTypeIsOneRowFromItsLowerId() {
        SparkSession spark = SharedSpark.session();
        Dataset<Row> friends = spark.table(table("clean", "edges")).where("edge_type = 'friends'");
        assertThat(friends.where("from_id > to_id").count()).isZero();
        assertThat(friends.groupBy("from_id", "to_id").count().where("count > 1").count()).isZero();
        Dataset<Row> tags = spark.table(table("clean", "edges")).where("edge_type = 'tags'");
        Dataset<Row> posts = spark.table(table("clean", "post")).select("id");
        Dataset<Row> people = spark.table(table("clean", "person")).select("id");
        assertThat(tags.count()).isPositive();
        assertThat(tags.join(posts, tags.col("from_id").equalTo(posts.col("id")), "left_anti").count())
                .as("between two node types, the mapping's order: every tags edge is from a post").isZero();
        assertThat(tags.join(people, tags.col("to_id").equalTo(people.col("id")), "left_anti").count())
                .as("... to a person").isZero();
    }

    @Test
    void nodeTablesStreamAndTheEdgesTakeExactlyOneShuffle() {
        Map<String, List<SparkPlan>> plans = new LinkedHashMap<>();
        for (QueryExecution query : PLANS.executed()) {
            Matcher target = Pattern.compile("IcebergWrite\\(table=social\\.clean_(\\w+)").matcher(query.executedPlan().toString());
            if (target.find()) {
                plans.computeIfAbsent(target.group(1), t -> new ArrayList<>()).add(query.executedPlan());
            }
        }
        assertThat(plans).containsOnlyKeys("person", "company", "post", "edges");
        for (String nodeTable : List.of("person", "company", "post")) {
            assertThat(plans.get(nodeTable)).as(nodeTable).singleElement()
                    .satisfies(plan -> assertThat(exchanges(plan, ShuffleExchangeLike.class)).isEmpty());
        }
        SparkPlan edges = plans.get("edges").get(0);
        assertThat(plans.get("edges")).hasSize(1);
        assertThat(exchanges(edges, ShuffleExchangeLike.class)).as("the edges' one shuffle").singleElement()
                .satisfies(exchange -> assertThat(exchange.toString()).contains("hashpartitioning(mapping", "low", "high"));
        assertThat(exchanges(edges, BroadcastExchangeLike.class)).as("the node ids, broadcast").isNotEmpty();
    }

    @Test
    void aDryRunPlansEveryTableAndReadsNothing() {
        MovementPlan plan = runner.plan(spec("dry", "clean", "fail"));

        assertThat(plan.tables()).extracting(TablePlan::table, TablePlan::action).containsExactly(
                tuple(table("dry", "person"), TablePlan.Action.CREATE), tuple(table("dry", "company"), TablePlan.Action.CREATE),
                tuple(table("dry", "post"), TablePlan.Action.CREATE), tuple(table("dry", "edges"), TablePlan.Action.CREATE));
        assertThat(plan.splits()).as("every namespace's two tables, two splits each (two nodes)")
                .hasSize(2 * 2 * (SCHEMA.nodeTypes().size() + 3 * SCHEMA.edgeMappings().size()));
        assertThat(plan.summary()).contains("nothing was read or written");
        assertThat(SharedSpark.session().catalog().tableExists(table("dry", "person"))).isFalse();
    }

    @Test
    void failStopsAtTheFirstFaultNamingItAndWritesNothing() {
        MovementReport failed = RUNS.get("fail");

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.error().kind()).isEqualTo("unreadable-source");
        assertThat(failed.error().message()).startsWith("Writing table social.fail_person failed: Graph integrity: node person "
                + "'fault-").contains("(connector option onIntegrity=skip leaves such faults out and counts them, keep-raw "
                + "keeps them flagged)").endsWith("Restored: removed the files written for table social.fail_person, which was "
                + "never committed.");
        assertThat(failed.tables()).isEmpty();
    }

    @Test
    void skipLeavesEachFaultOutAndCountsItWithSamples() {
        MovementReport skipped = RUNS.get("skip");
        assertThat(skipped.outcome()).as(skipped.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertCounted(skipped, "left out");
        ExpectedGraph expected = new ExpectedGraph(SCHEMA, WRITTEN.get("faulty"), referenceTime, false);
        for (NodeType type : SCHEMA.nodeTypes()) {
            assertThat(rows("skip", type.name())).as(type.name())
                    .containsExactlyElementsOf(formatted("skip", type.name(), expected.nodes(type)));
        }
        assertThat(rows("skip", "edges")).containsExactlyElementsOf(formatted("skip", "edges", expected.edges()));
        assertThat(rows("skip", "edges")).as("of the faults' edges, the one with a bad value, without it")
                .filteredOn(edge -> edge.contains("fault-")).singleElement().satisfies(edge -> assertThat(edge)
                        .startsWith("follows|person|fault-bad-value-1-0|person|fault-bad-value-1-1|UNIDIRECTIONAL|null|"));
    }

    @Test
    void keepRawKeepsFaultsFlaggedAndCountsThem() {
        MovementReport kept = RUNS.get("keep-raw");
        assertThat(kept.outcome()).as(kept.summary()).isEqualTo(Outcome.SUCCEEDED);
        assertCounted(kept, "kept, flagged");
        ExpectedGraph expected = new ExpectedGraph(SCHEMA, WRITTEN.get("faulty"), referenceTime, true);
        for (NodeType type : SCHEMA.nodeTypes()) {
            assertThat(rows("keep_raw", type.name())).as(type.name())
                    .containsExactlyElementsOf(formatted("keep_raw", type.name(), expected.nodes(type)));
        }
        assertThat(rows("keep_raw", "edges")).containsExactlyElementsOf(formatted("keep_raw", "edges", expected.edges()));

        SparkSession spark = SharedSpark.session();
        assertThat(SharedSpark.rows(spark.table(table("keep_raw", "edges")).where("faults IS NOT NULL")
                .selectExpr("from_id", "to_id", "faults")))
                .containsExactly("fault-dangling-0-0|post-never-written-0|[to_node_missing]",
                        "fault-dangling-1-0|post-never-written-1|[to_node_missing]",
                        "fault-forward-0-0|fault-forward-0-1|[reverse_link_missing]",
                        "fault-forward-1-0|fault-forward-1-1|[reverse_link_missing]",
                        "fault-reverse-0-0|fault-reverse-0-1|[forward_link_missing]",
                        "fault-reverse-1-0|fault-reverse-1-1|[forward_link_missing]");
    }

    @Test
    void aValueNotOfItsTypeNeverLandsInItsColumn() {
        SparkSession spark = SharedSpark.session();
        assertThat(SharedSpark.rows(spark.table(table("keep_raw", "person")).where("raw_properties IS NOT NULL")
                .selectExpr("id", "age", "transform_values(raw_properties, (k, v) -> cast(v AS STRING))")))
                .containsExactly("fault-bad-value-0-0|null|{age=forty-two}", "fault-undeclared-0-0|null|{nickname=nick 0}",
                        "fault-undeclared-1-0|null|{nickname=nick 1}");
        assertThat(SharedSpark.rows(spark.table(table("keep_raw", "edges")).where("raw_properties IS NOT NULL")
                .selectExpr("from_id", "since", "transform_values(raw_properties, (k, v) -> cast(v AS STRING))")))
                .containsExactly("fault-bad-value-1-0|null|{since=last tuesday}");
        assertThat(spark.table(table("skip", "person")).where("id = 'fault-bad-value-0-0'").selectExpr("age").first().isNullAt(0))
                .isTrue();
    }

    /** Each kind of fault counted once per fault written, with samples naming it; the description says what became of it. */
    private static void assertCounted(MovementReport report, String outcome) {
        Map<String, MovementReport.CountReport> counts = report.connector().counts();
        assertThat(counts.keySet()).containsAll(injected.keySet());
        injected.forEach((name, count) -> {
            MovementReport.CountReport counted = counts.get(name);
            assertThat(counted.count()).as(name).isEqualTo(count.longValue());
            assertThat(counted.samples()).as(name).hasSize(count)
                    .allSatisfy(sample -> assertThat(sample).containsAnyOf("fault-", "not-a-pair-").doesNotContain("\n"));
        });
        assertThat(counts.get("forwardWithoutReverse").description()).contains(outcome);
        assertThat(counts.get("corruptItems")).isNull();
        assertThat(counts.get("missingNodes").samples()).contains("edge (person, likes, post) 'fault-dangling-0-0' -> "
                + "'post-never-written-0': to node post 'post-never-written-0' is not in social.post");
    }

    /** The sorted rows of a moved table. */
    private static List<String> rows(String run, String target) {
        return SharedSpark.rows(SharedSpark.session().table(table(run, target)));
    }

    /** Expected rows, formatted as {@link #rows} formats the table's. */
    private static List<String> formatted(String run, String target, List<Row> rows) {
        SparkSession spark = SharedSpark.session();
        return SharedSpark.rows(spark.createDataFrame(rows, spark.table(table(run, target)).schema()));
    }

    private static String table(String run, String target) {
        return CATALOG + ".social." + run + "_" + target;
    }

    private static List<SparkPlan> exchanges(SparkPlan plan, Class<?> kind) {
        List<SparkPlan> found = new ArrayList<>();
        collect(plan, kind, found);
        return found;
    }

    private static void collect(SparkPlan plan, Class<?> kind, List<SparkPlan> found) {
        if (kind.isInstance(plan)) {
            found.add(plan);
        }
        if (plan instanceof AdaptiveSparkPlanExec adaptive) {
            collect(adaptive.executedPlan(), kind, found);
        }
        if (plan instanceof QueryStageExec stage) {
            collect(stage.plan(), kind, found);
        }
        if (plan instanceof InMemoryTableScanExec cached) {
            collect(cached.relation().cachedPlan(), kind, found);
        }
        CollectionConverters.asJava(plan.subqueries()).forEach(subquery -> collect(subquery, kind, found));
        CollectionConverters.asJava(plan.children()).forEach(child -> collect(child, kind, found));
    }

    /** A graph movement of backup {@code backup} with {@code onIntegrity} into tables {@code <name>_<target>}. */
    private static MovementSpec spec(String name, String backup, String onIntegrity) {
        Map<String, String> s3 = S3.options();
        String schema = SocialGraphWriter.SCHEMA.lines().map(line -> "      " + line).collect(Collectors.joining("\n"));
        String tables = SCHEMA.nodeTypes().stream().map(type -> type.name() + ": " + name + "_" + type.name())
                .collect(Collectors.joining(", "));
        String yaml = """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  consistency: ALL
                connector:
                  name: graph
                  options:
                    onIntegrity: %s
                    buckets: 4
                    schema: |
                %s
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: social
                  tables: {%s, edges: %s_edges}
                reportDirectory: "%s"
                """.formatted(location, s3.get(StoreLocation.ENDPOINT), s3.get(StoreLocation.REGION),
                s3.get(StoreLocation.ACCESS_KEY), s3.get(StoreLocation.SECRET_KEY), backup, onIntegrity, schema, CATALOG,
                work.resolve("warehouse"), tables, name, work.resolve("reports"));
        MovementSpec parsed = MovementSpec.parse(yaml, name + ".yaml", variable -> null);
        return new MovementSpec(name, parsed.source(), parsed.connector(), parsed.destination(), parsed.spark(),
                parsed.reportDirectory());
    }
}
