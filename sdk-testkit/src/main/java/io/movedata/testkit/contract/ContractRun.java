package io.movedata.testkit.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.exchange.Exchange;
import org.junit.jupiter.api.Assumptions;

import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.api.OptionSpec;
import io.movedata.api.TargetTable;
import io.movedata.runtime.connector.Connectors;
import io.movedata.runtime.movement.MovementReport;
import io.movedata.runtime.movement.MovementReport.Outcome;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.runtime.validate.ValidationOptions;
import io.movedata.runtime.validate.ValidationReport;
import io.movedata.runtime.validate.ValidationSource;
import io.movedata.runtime.validate.Validator;

/**
 * One contract's checks: its fixtures and movements, made when a clause first needs them and
 * shared by the clauses. The team's backup is moved once into namespace {@code contract}; the
 * determinism clause moves it again (a rerun, and into {@code contract_again}), the edge-data
 * clause moves the derived backups. A failed movement of the team's backup is reported by the clause
 * it breaks (reading an undeclared option: options; anything else: schemas); the other clauses that
 * need it are then not checked (aborted), saying which clause reports it.
 */
final class ContractRun implements AutoCloseable {
    private static final String TEAM = "contract";
    private static final String AGAIN = "contract_again";
    private static final String UNKNOWN_OPTION = "contractUnknownOption";

    /** Why a movement, or the targets of one, failed. */
    private record Failure(String kind, String message) {
        /** ConnectorOptions' words for an option read without being declared, or read without a value. */
        Clause blamed() {
            return message.contains(", which it does not declare") || message.contains(", which has no value and no default")
                    ? Clause.OPTIONS : Clause.SCHEMAS;
        }

        String describe() {
            return "(" + kind + ") " + message;
        }
    }

    /** The movement of the team's backup: its targets and run, or why it failed. */
    private record TeamRun(List<TargetTable> targets, ContractMovements.Run run, Failure failure) {}

    private final Contract contract;
    private final SparkSession spark;
    private final Path directory;
    private final ContractFixtures fixtures;
    private final ContractMovements movements;
    private TeamRun team;

    ContractRun(Contract contract, SparkSession spark) {
        this.contract = contract;
        this.spark = spark;
        try {
            this.directory = Files.createTempDirectory("movedata-contract-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the contract's tables", e);
        }
        this.fixtures = new ContractFixtures(contract);
        this.movements = new ContractMovements(contract, spark, fixtures.endpoint(), directory);
    }

    /** Checks one clause: an AssertionError naming it when it does not hold, an abort when it cannot be checked. */
    void check(Clause clause) {
        switch (clause) {
            case DISCOVERY -> discovery();
            case OPTIONS -> options();
            case SCHEMAS -> schemas();
            case DETERMINISM -> determinism();
            case EDGE_DATA -> edgeData();
            case STREAMING -> streaming();
            case EXPECTED_ROWS -> expectedRows();
        }
    }

    private void discovery() {
        ConnectorFactory factory = factory(Clause.DISCOVERY);
        List<String> problems = new ArrayList<>();
        if (factory.version() == null || factory.version().isBlank()) {
            problems.add("factory " + factory.getClass().getName() + " has no version");
        }
        if (factory.description() == null || factory.description().isBlank()) {
            problems.add("factory " + factory.getClass().getName() + " has no description");
        }
        fail(Clause.DISCOVERY, problems);
    }

    /** The factory registered under the contract's name; a failure of {@code clause} when there is none. */
    private ConnectorFactory factory(Clause clause) {
        List<ConnectorFactory> all;
        try {
            all = Connectors.all();
        } catch (ConnectorException e) {
            throw failed(clause, e.getMessage());
        }
        return all.stream().filter(f -> contract.connectorName().equals(f.name())).findFirst()
                .orElseThrow(() -> failed(clause, "ServiceLoader finds no ConnectorFactory named '" + contract.connectorName()
                        + "' (found: " + String.join(", ", all.stream().map(ConnectorFactory::name).toList())
                        + "); register the factory with @AutoService(ConnectorFactory.class)"));
    }

    private void options() {
        ConnectorFactory factory;
        try {
            factory = factory(Clause.OPTIONS);
        } catch (AssertionError e) {
            throw notChecked(Clause.OPTIONS, "its connector is not found, which clause 'discovery' reports");
        }
        List<OptionSpec> declared = factory.options();
        Map<String, String> given = contract.connectorOptions();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (OptionSpec spec : declared) {
            if (!names.add(spec.name())) {
                problems.add("option '" + spec.name() + "' is declared twice");
            }
            if (spec.documentation().isBlank()) {
                problems.add("option '" + spec.name() + "' has no documentation");
            }
            if (spec.defaultValue() != null) {
                try {
                    spec.value(spec.defaultValue());
                } catch (IllegalArgumentException e) {
                    problems.add("option '" + spec.name() + "': its default '" + spec.defaultValue() + "' is refused: expected "
                            + e.getMessage());
                }
            }
        }
        try {
            ConnectorOptions.validate(factory.name(), declared, given);
        } catch (RuntimeException e) {
            problems.add("the contract's own options " + given + " are refused: " + e.getMessage());
        }
        refused(factory, with(given, UNKNOWN_OPTION, "1"), UNKNOWN_OPTION, "the unknown option", problems);
        for (OptionSpec spec : declared) {
            if (spec.isRequired()) {
                Map<String, String> without = new HashMap<>(given);
                without.remove(spec.name());
                refused(factory, without, spec.name(), "the required option, missing,", problems);
            }
            String malformed = switch (spec.type()) {
                case INT, LONG -> "not-a-number";
                case BOOLEAN -> "not-a-boolean";
                case STRING, LIST -> null;
            };
            if (malformed != null) {
                refused(factory, with(given, spec.name(), malformed), spec.name(), "the malformed value '" + malformed + "' of", problems);
            }
        }
        Failure failure = team().failure();
        if (failure != null && failure.blamed() == Clause.OPTIONS) {
            problems.add("the movement of the team's backup failed " + failure.describe());
        }
        fail(Clause.OPTIONS, problems);
    }

    private static Map<String, String> with(Map<String, String> options, String name, String value) {
        Map<String, String> changed = new HashMap<>(options);
        changed.put(name, value);
        return changed;
    }

    /** Adds a problem unless validating {@code raw} is refused with a message naming {@code option}. */
    private static void refused(ConnectorFactory factory, Map<String, String> raw, String option, String what,
                                List<String> problems) {
        try {
            ConnectorOptions.validate(factory.name(), factory.options(), raw);
            problems.add(what + " option '" + option + "' is accepted; expected it refused");
        } catch (ConnectorException e) {
            if (!e.getMessage().contains("'" + option + "'")) {
                problems.add(what + " option '" + option + "' is refused with a message that does not name it: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            problems.add(what + " option '" + option + "' makes validation throw " + e + " instead of refusing it");
        }
    }

    private void schemas() {
        TeamRun run = teamRun(Clause.SCHEMAS);
        List<String> problems = new ArrayList<>();
        for (TargetTable target : run.targets()) {
            MovementReport.TableReport table = run.run().report().tables().stream()
                    .filter(t -> t.target().equals(target.name())).findFirst().orElse(null);
            if (table == null) {
                problems.add("target '" + target.name() + "' is declared but was not written");
            } else if (!"WRITTEN".equals(table.outcome())) {
                problems.add("target '" + target.name() + "' was not written: " + table.outcome());
            }
        }
        fail(Clause.SCHEMAS, problems);
    }

    private void determinism() {
        TeamRun run = teamRun(Clause.DETERMINISM);
        List<String> problems = new ArrayList<>();
        MovementReport rerun = movements.run(fixtures.team(), ContractFixtures.CONTRACT, TEAM, run.targets()).report();
        if (rerun.outcome() != Outcome.UP_TO_DATE) {
            problems.add("a rerun of the same backup into the same tables is " + rerun.outcome() + ", expected UP_TO_DATE"
                    + (rerun.error() == null ? "" : ": " + rerun.error().message()));
        }
        MovementReport again = movements.run(fixtures.team(), ContractFixtures.CONTRACT, AGAIN, run.targets()).report();
        if (again.outcome() != Outcome.SUCCEEDED) {
            problems.add("a second run of the same backup into new tables is " + again.outcome() + ", expected SUCCEEDED"
                    + (again.error() == null ? "" : ": (" + again.error().kind() + ") " + again.error().message()));
        } else {
            for (TargetTable target : run.targets()) {
                ValidationReport diff = Validator.compare(spark, ValidationSource.parse(movements.table(TEAM, target.name())),
                        ValidationSource.parse(movements.table(AGAIN, target.name())), ValidationOptions.defaults());
                if (diff.outcome() == ValidationReport.Outcome.DIFFERENT) {
                    problems.add("target '" + target.name() + "': two runs on the same backup gave different rows "
                            + "(C the first run's, M the second's)\n" + RowDiff.text(diff));
                }
            }
        }
        fail(Clause.DETERMINISM, problems);
    }

    private void edgeData() {
        TeamRun run = teamRun(Clause.EDGE_DATA);
        StoreLocation edge;
        try {
            edge = fixtures.edge();
        } catch (IllegalArgumentException e) {
            throw failed(Clause.EDGE_DATA, e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        empty(edge, ContractFixtures.EMPTY, "every table empty", run.targets(), problems);
        empty(edge, ContractFixtures.DELETED, "every row written, then deleted", run.targets(), problems);
        MovementReport edgeRows = movements.run(edge, ContractFixtures.EDGE, "contract_edge", run.targets()).report();
        if (edgeRows.outcome() == Outcome.FAILED && ErrorKind.INTERNAL.label().equals(edgeRows.error().kind())) {
            problems.add("the backup with rows of null and empty values failed with an internal error (a bug): "
                    + edgeRows.error().message() + "; expected the rows moved, or refused with an error of another kind");
        }
        fail(Clause.EDGE_DATA, problems);
    }

    /** Adds a problem unless moving {@code backup} succeeds and leaves every target empty. */
    private void empty(StoreLocation location, String backup, String what, List<TargetTable> targets, List<String> problems) {
        String namespace = "contract_" + backup;
        MovementReport report = movements.run(location, backup, namespace, targets).report();
        if (report.outcome() != Outcome.SUCCEEDED) {
            problems.add("the backup with " + what + " is " + report.outcome()
                    + (report.error() == null ? "" : " (" + report.error().kind() + ") " + report.error().message())
                    + "; expected every target written, empty");
            return;
        }
        for (TargetTable target : targets) {
            List<Row> rows = movements.rows(namespace, target.name()).limit(6).collectAsList();
            if (!rows.isEmpty()) {
                problems.add("target '" + target.name() + "' has rows from the backup with " + what + ", expected none: "
                        + String.join(", ", rows.stream().limit(5).map(Row::toString).toList())
                        + (rows.size() > 5 ? ", ..." : ""));
            }
        }
    }

    private void streaming() {
        if (!contract.isStreaming()) {
            throw notChecked(Clause.STREAMING, "the contract does not declare streaming()");
        }
        TeamRun run = teamRun(Clause.STREAMING);
        List<String> problems = new ArrayList<>();
        List<QueryExecution> queries = run.run().queries();
        if (queries.isEmpty()) {
            problems.add("the movement ran no query the session reported");
        }
        for (QueryExecution query : queries) {
            List<Exchange> exchanges = PlanExchanges.in(query.executedPlan());
            if (!exchanges.isEmpty()) {
                problems.add("a plan of the movement shuffles (" + String.join(", ", exchanges.stream()
                        .map(e -> e.simpleString(100)).toList()) + "):\n" + query.executedPlan().treeString());
            }
        }
        fail(Clause.STREAMING, problems);
    }

    private void expectedRows() {
        if (contract.expected().isEmpty()) {
            throw notChecked(Clause.EXPECTED_ROWS, "the contract declares no expected rows");
        }
        TeamRun run = teamRun(Clause.EXPECTED_ROWS);
        List<String> declared = run.targets().stream().map(TargetTable::name).toList();
        List<String> problems = new ArrayList<>();
        contract.expected().forEach((target, rows) -> {
            if (!declared.contains(target)) {
                problems.add("expected rows are given for target '" + target + "', which the connector does not declare; "
                        + "it declares " + String.join(", ", declared));
                return;
            }
            try {
                ValidationReport diff = Validator.compare(spark, ValidationSource.parse(rows.file(directory, target).toString()),
                        ValidationSource.parse(movements.table(TEAM, target)), ValidationOptions.defaults());
                if (diff.outcome() == ValidationReport.Outcome.DIFFERENT) {
                    problems.add("target '" + target + "' differs from the expected rows (C the expected rows, "
                            + rows.describe() + "; M the target's table)\n" + RowDiff.text(diff));
                }
            } catch (MovedataException | IllegalArgumentException e) {
                problems.add("the expected rows of target '" + target + "' (" + rows.describe() + ") cannot be read: "
                        + e.getMessage());
            }
        });
        fail(Clause.EXPECTED_ROWS, problems);
    }

    /** The movement of the team's backup, for a clause that needs it to have succeeded. */
    private TeamRun teamRun(Clause clause) {
        TeamRun run = team();
        if (run.failure() != null) {
            Clause blamed = run.failure().blamed();
            if (blamed == clause) {
                throw failed(clause, "the movement of the team's backup failed " + run.failure().describe());
            }
            throw notChecked(clause, "the movement of the team's backup failed, which clause '" + blamed.label() + "' reports");
        }
        return run;
    }

    private TeamRun team() {
        if (team == null) {
            StoreLocation location = fixtures.team();
            List<TargetTable> targets;
            try {
                targets = movements.targets(location, ContractFixtures.CONTRACT);
            } catch (RuntimeException e) {
                team = new TeamRun(List.of(), null, new Failure(ErrorKind.of(e).label(), e.getMessage()));
                return team;
            }
            ContractMovements.Run run = movements.run(location, ContractFixtures.CONTRACT, TEAM, targets);
            MovementReport.ErrorReport error = run.report().error();
            team = new TeamRun(targets, run, error == null ? null : new Failure(error.kind(), error.message()));
        }
        return team;
    }

    private static void fail(Clause clause, List<String> problems) {
        if (problems.size() == 1) {
            throw failed(clause, problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw failed(clause, problems.size() + " problems:\n- " + String.join("\n- ", problems));
        }
    }

    private static AssertionError failed(Clause clause, String detail) {
        return new AssertionError("contract clause '" + clause.label() + "' failed: " + detail);
    }

    private static RuntimeException notChecked(Clause clause, String why) {
        Assumptions.abort("contract clause '" + clause.label() + "' not checked: " + why);
        throw new IllegalStateException("Assumptions.abort always throws");
    }

    @Override
    public void close() {
        fixtures.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the contract's temporary directory " + directory, e);
        }
    }
}
