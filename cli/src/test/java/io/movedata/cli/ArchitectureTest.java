package io.movedata.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import io.movedata.connector.misplaced.RuntimeReachingConnector;
import io.movedata.runtime.sstable.SchemaException;

/**
 * The module and package structure connectors and generated projects copy, enforced on the main
 * classes of sdk-api, sdk-runtime, the CLI and the connector modules it ships (this module sees
 * them all). docs/architecture.md explains each rule and the public and internal packages listed here.
 */
@AnalyzeClasses(packages = "io.movedata", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String RUNTIME = "io.movedata.runtime.";

    /** Runtime packages a command may use: what it legitimately asks of the runtime. */
    static final List<String> PUBLIC = List.of("agent", "backup", "connector", "coverage", "iceberg", "manifest",
            "movement", "ring", "spark", "store", "util", "validate", "verify");

    /** Runtime packages only the runtime itself uses: how a read is planned and executed, and cassandra-all. */
    static final List<String> INTERNAL = List.of("read", "sstable");

    /**
     * The failure types of internal packages that public ones declare, which a command may catch:
     * {@code ReadCoverage.replication} throws SchemaException for a keyspace the schema lacks.
     */
    static final Class<?>[] INTERNAL_FAILURES = {SchemaException.class};

    @ArchTest
    static final ArchRule cassandraAllStaysInsideSstable = noClasses()
            .that().resideInAnyPackage("io.movedata.api..", "io.movedata.runtime..", "io.movedata.cli..")
            .and().resideOutsideOfPackage("io.movedata.runtime.sstable..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.cassandra..")
            .because("cassandra-all is an offline SSTable reader with a large, version-bound API; keeping it inside "
                    + "io.movedata.runtime.sstable means a Cassandra upgrade touches one package, and read/ and "
                    + "spark/ see only its facade (TableDefinition, BackupSchema)");

    @ArchTest
    static final ArchRule sdkApiStandsAlone = noClasses()
            .that().resideInAPackage("io.movedata.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.movedata.runtime..", "io.movedata.cli..")
            .because("sdk-api is the SPI connectors compile against: it must not pull the runtime or the CLI "
                    + "into a connector, nor change when they change");

    @ArchTest
    static final ArchRule connectorsUseOnlyTheSdkApi = noClasses()
            .that().resideInAPackage("io.movedata.connector..")
            .should().dependOnClassesThat(resideInAPackage("io.movedata..")
                    .and(not(resideInAnyPackage("io.movedata.api..", "io.movedata.connector..", "io.movedata.testkit.."))))
            .because("a connector module is what a team writes: it compiles against sdk-api alone, so the runtime "
                    + "and the CLI can change without breaking it, and it runs wherever the runtime runs it");

    @ArchTest
    static final ArchRule onlyConnectorFixturesUseTheTestKit = noClasses()
            .that().resideInAPackage("io.movedata.connector..")
            .and().resideOutsideOfPackage("io.movedata.connector..fixture..")
            .should().dependOnClassesThat().resideInAPackage("io.movedata.testkit..")
            .because("the test kit (a provided dependency) writes a connector's fixture data for its tests and the "
                    + "demo; a connector's own classes run without it");

    @ArchTest
    static final ArchRule runtimePackagesHaveNoCycles = slices()
            .matching("io.movedata.runtime.(*)..")
            .should().beFreeOfCycles()
            .because("packages that depend on each other cannot be understood, tested or changed one at a "
                    + "time; each runtime package builds only on packages below it");

    @ArchTest
    static final ArchRule cliUsesOnlyPublicRuntimePackages = noClasses()
            .that().resideInAPackage("io.movedata.cli..")
            .should().dependOnClassesThat(resideInAnyPackage(packages(INTERNAL))
                    .and(not(belongToAnyOf(INTERNAL_FAILURES))))
            .because("a command renders what the runtime's public packages (" + String.join(", ", PUBLIC) + ") "
                    + "give it; the internal ones (" + String.join(", ", INTERNAL) + ") may change with any "
                    + "release, so a command reaching into them breaks when they do");

    /** So that a new runtime package is deliberately public or internal, not public by accident. */
    @ArchTest
    static void everyRuntimePackageIsPublicOrInternal(JavaClasses classes) {
        Set<String> found = new TreeSet<>();
        for (JavaClass c : classes) {
            if (c.getPackageName().equals("io.movedata.runtime") || c.getPackageName().startsWith(RUNTIME)) {
                found.add(c.getPackageName().equals("io.movedata.runtime") ? "(io.movedata.runtime itself)"
                        : c.getPackageName().substring(RUNTIME.length()).split("\\.")[0]);
            }
        }
        assertThat(found).as("runtime packages, each of which must be listed in ArchitectureTest.PUBLIC or INTERNAL "
                        + "and in docs/architecture.md")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(PUBLIC.stream(), INTERNAL.stream()).toList());
    }

    /** The connector rules hold while no connector module is on the classpath, and still catch a class breaking them. */
    @Test
    void connectorRulesCatchAConnectorReachingIntoTheRuntimeOrTheTestKit() {
        JavaClasses misplaced = new ClassFileImporter().importClasses(RuntimeReachingConnector.class);

        assertThat(connectorsUseOnlyTheSdkApi.evaluate(misplaced).getFailureReport().getDetails())
                .isNotEmpty().allSatisfy(detail -> assertThat(detail).contains("io.movedata.runtime.connector.Connectors"));
        assertThat(onlyConnectorFixturesUseTheTestKit.evaluate(misplaced).getFailureReport().getDetails())
                .isNotEmpty().allSatisfy(detail -> assertThat(detail).contains("io.movedata.testkit.FixtureCluster"));
    }

    private static String[] packages(List<String> names) {
        return names.stream().map(n -> RUNTIME + n + "..").toArray(String[]::new);
    }
}
