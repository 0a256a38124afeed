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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.exchange.Exchange;

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
 * clause moves the derived backups. When the movement of the team's backup cannot be had, one clause
 * reports why ({@link Failure#blamed}) and the other clauses that need it fail as not checked, saying
 * which clause reports it.
 */
final class ContractRun implements AutoCloseable {
    private static final String TEAM = "contract";
    private static final String AGAIN = "contract_again";
    private static final String UNKNOWN_OPTION = "contractUnknownOption";

    /**
     * What {@link ConnectorOptions} throws when a connector reads an option it does not declare, or one
     * with no value and no default. A movement reports its error as text only, so a movement's error is
     * put down to the options clause when it has these words, names the contract's connector, and
     * names an option that the factory indeed does not declare or that the contract leaves without a value.
     */
    private static final Pattern OPTION_READ = Pattern.compile(
            "Connector '([^']*)' read option '([^']*)', which (it does not declare|has no value and no default)");

    /** The steps to the movement of the team's backup, in order, each named as the clauses it stops say it failed. */
    private enum Step {
        CONNECTOR("its connector is not found"),
        CONTRACT_OPTIONS("the contract's options are refused"),
        BACKUP("the team's backup cannot be written"),
        MOVEMENT("the movement of the team's backup failed");

        private final String failed;

        Step(String failed) {
            this.failed = failed;
        }
    }

    /**
     * Why the movement of the team's backup could not be had, and the one clause that reports it.
     *
     * @param detail the error, as it follows the step's words: {@code " (kind) message"} or {@code ": message"}
     */
    private record Failure(Clause blamed, Step step, String detail) {
        String describe() {
            return step.failed + detail;
        }

        /** Why a clause that needs the movement is not checked. */
        String notChecked() {
            return step.failed + ", which clause '" + blamed.label() + "' reports";
        }
    }

    /** The movement of the team's backup: its targets and run, or why it could not be had. */
    private record TeamRun(List<TargetTable> targets, ContractMovements.Run run, Failure failure) {
        static TeamRun failed(Clause blamed, Step step, String detail) {
            return new TeamRun(List.of(), null, new Failure(blamed, step, detail));
        }
    }

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
        boolean made = false;
        try {
            this.fixtures = new ContractFixtures(contract);
            this.movements = new ContractMovements(contract, spark, fixtures.endpoint(), directory);
            made = true;
        } finally {
            if (!made) {
                delete(directory);
            }
        }
    }

    /** Checks one clause: an AssertionError naming it when it does not hold or cannot be checked. */
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
        ConnectorFactory factory = factory();
        List<String> problems = new ArrayList<>();
        if (factory.version() == null || factory.version().isBlank()) {
            problems.add("factory " + factory.getClass().getName() + " has no version");
        }
        if (factory.description() == null || factory.description().isBlank()) {
            problems.add("factory " + factory.getClass().getName() + " has no description");
        }
        fail(Clause.DISCOVERY, problems);
    }

    /** The factory registered under the contract's name; a failure of clause discovery when there is none. */
    private ConnectorFactory factory() {
        List<ConnectorFactory> all;
        try {
            all = Connectors.all();
        } catch (ConnectorException e) {
            throw failed(Clause.DISCOVERY, e.getMessage());
        }
        return all.stream().filter(f -> contract.connectorName().equals(f.name())).findFirst()
                .orElseThrow(() -> failed(Clause.DISCOVERY, "ServiceLoader finds no ConnectorFactory named '" + contract.connectorName()
                        + "' (found: " + String.join(", ", all.stream().map(ConnectorFactory::name).toList())
                        + "); register the factory with @AutoService(ConnectorFactory.class)"));
    }

    private void options() {
        ConnectorFactory factory;
        try {
            factory = factory();
        } catch (AssertionError e) {
            throw notChecked(Clause.OPTIONS, Step.CONNECTOR.failed + ", which clause 'discovery' reports");
        }
        List<OptionSpec> declared = factory.options();
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
                } catch (RuntimeException e) {
                    problems.add("option '" + spec.name() + "': its default '" + spec.defaultValue()
                            + "' makes its validator throw " + e + "; expected it refused or accepted");
                }
            }
        }
        Failure failure = team().failure();
        if (failure != null && failure.blamed() == Clause.OPTIONS) {
            problems.add(failure.describe());
        }
        // Changes of refused options would be refused for that reason, whatever the change.
        if (failure == null || failure.step() != Step.CONTRACT_OPTIONS) {
            refusals(declared, problems);
        }
        if (failure != null && failure.blamed() != Clause.OPTIONS && problems.isEmpty()) {
            throw notChecked(Clause.OPTIONS, failure.notChecked());
        }
        fail(Clause.OPTIONS, problems);
    }

    /**
     * Adds a problem for each bad change of the contract's options that a movement spec does not
     * refuse, through the runtime's check of a spec (the one every run makes), with an invalid-input
     * error naming the option: an unknown option, each required option left out, and each int, long
     * or boolean option given a malformed value.
     */
    private void refusals(List<OptionSpec> declared, List<String> problems) {
        Map<String, String> given = contract.connectorOptions();
        refused(with(given, UNKNOWN_OPTION, "1"), UNKNOWN_OPTION, "the unknown option", problems);
        for (OptionSpec spec : declared) {
            if (spec.isRequired()) {
                Map<String, String> without = new HashMap<>(given);
                without.remove(spec.name());
                refused(without, spec.name(), "the required option, missing,", problems);
            }
            String malformed = switch (spec.type()) {
                case INT, LONG -> "not-a-number";
                case BOOLEAN -> "not-a-boolean";
                case STRING, LIST -> null;
            };
            if (malformed != null) {
                refused(with(given, spec.name(), malformed), spec.name(), "the malformed value '" + malformed + "' of", problems);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> options, String name, String value) {
        Map<String, String> changed = new HashMap<>(options);
        changed.put(name, value);
        return changed;
    }

    /** Adds a problem unless a movement with connector options {@code options} is refused as invalid input naming {@code option}. */
    private void refused(Map<String, String> options, String option, String what, List<String> problems) {
        try {
            movements.check(fixtures.teamLocation(), options);
            problems.add(what + " option '" + option + "' is accepted; expected it refused");
        } catch (RuntimeException e) {
            ErrorKind kind = ErrorKind.of(e);
            if (kind != ErrorKind.INVALID_INPUT) {
                problems.add(what + " option '" + option + "' is refused with an error of kind " + kind.label()
                        + ", expected invalid-input: " + e);
            } else if (!e.getMessage().contains("'" + option + "'")) {
                problems.add(what + " option '" + option + "' is refused with a message that does not name it: " + e.getMessage());
            }
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
        ShuffleBudgets budgets = contract.shuffleBudgets();
        if (!budgets.declared()) {
            throw failed(Clause.STREAMING, "the contract declares neither streaming() nor shuffles(n) nor shuffles(target, n): "
                    + "declare what the plans writing its targets may do");
        }
        TeamRun run = teamRun(Clause.STREAMING);
        List<String> declared = run.targets().stream().map(TargetTable::name).toList();
        List<String> problems = new ArrayList<>();
        budgets.targets().keySet().stream().filter(target -> !declared.contains(target)).forEach(target -> problems.add(
                "a shuffle budget is given for target '" + target + "', which the connector does not declare; it declares "
                        + String.join(", ", declared)));
        Map<String, String> targetOfTable = new HashMap<>();
        for (String target : declared) {
            targetOfTable.put(movements.table(TEAM, target), target);
            if (budgets.of(target) == null) {
                problems.add("target '" + target + "' has no shuffle budget: declare shuffles(\"" + target + "\", n), or "
                        + "streaming() or shuffles(n) for every target");
            }
        }
        List<QueryExecution> queries = run.run().queries();
        if (queries.isEmpty()) {
            problems.add("the movement ran no query the session reported");
        }
        for (QueryExecution query : queries) {
            String target = targetOfTable.get(ShuffleBudgets.writtenTable(query.logical()));
            ShuffleBudgets.Budget budget = target == null ? budgets.ofQueriesWritingNoTable() : budgets.of(target);
            List<Exchange> shuffles = PlanExchanges.shuffles(query.executedPlan());
            if (budget != null && shuffles.size() > budget.atMost()) {
                problems.add((target == null ? "a query of the movement that writes no table" : "the plan writing target '"
                        + target + "'") + " shuffles " + (shuffles.size() == 1 ? "once" : shuffles.size() + " times")
                        + ", more than the " + budget.atMost() + " that " + budget.declared() + " allows ("
                        + String.join(", ", shuffles.stream().map(e -> e.simpleString(100)).toList()) + "):\n"
                        + query.executedPlan().treeString());
            }
        }
        fail(Clause.STREAMING, problems);
    }

    private void expectedRows() {
        if (contract.expected().isEmpty()) {
            throw failed(Clause.EXPECTED_ROWS, "the contract declares no expected rows: declare expectedRows(target, rows) "
                    + "for its targets");
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
            Failure failure = run.failure();
            if (failure.blamed() == clause) {
                throw failed(clause, failure.describe());
            }
            throw notChecked(clause, failure.notChecked());
        }
        return run;
    }

    private TeamRun team() {
        if (team == null) {
            team = moveTeam();
        }
        return team;
    }

    /**
     * Finds the factory (else clause discovery reports it) and validates the contract's options
     * (else options) before anything runs; then writes the team's backup (else schemas: the contract's
     * schema or data are at fault) and moves it (else options when the connector read an option it
     * may not, or schemas).
     */
    private TeamRun moveTeam() {
        ConnectorFactory factory;
        try {
            factory = factory();
        } catch (AssertionError e) {
            return TeamRun.failed(Clause.DISCOVERY, Step.CONNECTOR, ": " + e.getMessage());
        }
        try {
            ConnectorOptions.validate(factory.name(), factory.options(), contract.connectorOptions());
        } catch (RuntimeException e) {
            // Also a validator that throws (a ClassCastException) instead of refusing: the options are at fault either way.
            return TeamRun.failed(Clause.OPTIONS, Step.CONTRACT_OPTIONS, error(e));
        }
        StoreLocation location;
        try {
            location = fixtures.team();
        } catch (RuntimeException e) {
            return TeamRun.failed(Clause.SCHEMAS, Step.BACKUP,
                    ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        List<TargetTable> targets;
        ContractMovements.Run run;
        try {
            targets = movements.targets(location, ContractFixtures.CONTRACT);
            run = movements.run(location, ContractFixtures.CONTRACT, TEAM, targets);
        } catch (RuntimeException e) {
            return TeamRun.failed(blamed(factory, String.valueOf(e.getMessage())), Step.MOVEMENT, error(e));
        }
        MovementReport.ErrorReport error = run.report().error();
        return error == null ? new TeamRun(targets, run, null)
                : TeamRun.failed(blamed(factory, error.message()), Step.MOVEMENT, " (" + error.kind() + ") " + error.message());
    }

    private static String error(RuntimeException e) {
        return " (" + ErrorKind.of(e).label() + ") " + (e instanceof MovedataException ? e.getMessage() : e.toString());
    }

    /** Options, when the movement's error says the connector read an option it does not declare or that has no value; else schemas. */
    private Clause blamed(ConnectorFactory factory, String error) {
        Matcher read = OPTION_READ.matcher(error);
        while (read.find()) {
            String option = read.group(2);
            OptionSpec spec = factory.options().stream().filter(s -> s.name().equals(option)).findFirst().orElse(null);
            boolean unusable = spec == null
                    || spec.defaultValue() == null && !contract.connectorOptions().containsKey(option);
            if (read.group(1).equals(factory.name()) && unusable) {
                return Clause.OPTIONS;
            }
        }
        return Clause.SCHEMAS;
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

    /**
     * A clause that cannot be checked fails (a skipped clause would read as no problem), saying which
     * clause reports the fault that stopped it.
     */
    private static AssertionError notChecked(Clause clause, String why) {
        return new AssertionError("contract clause '" + clause.label() + "' not checked: " + why);
    }

    @Override
    public void close() {
        try {
            fixtures.close();
        } finally {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the contract's temporary directory " + directory, e);
        }
    }
}
