package io.movedata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** bin/movedata runs the local distribution this build produced, from any directory. */
class LauncherIT {
    @RegisterExtension
    static final Launcher MOVEDATA = new Launcher();

    @Test
    void helpRunsFromAnotherDirectoryWithoutABuild(@TempDir Path elsewhere) throws Exception {
        ChildProcess run = MOVEDATA.runIn(elsewhere, Map.of(), "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Usage: movedata").contains("connectors", "backups", "show", "Exit codes:");
        // The build just made the distribution: the launcher must not start another one.
        assertThat(run.err()).doesNotContain("Building");
    }

    @Test
    void helpKeepsFileNamesAndDefaultsWholeWithinTheWidth(@TempDir Path elsewhere) throws Exception {
        ChildProcess run = MOVEDATA.runIn(elsewhere, Map.of(), "demo", "--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        // picocli alone breaks lines after '.' and '/' too: "Default: .\n    movedata/demo."
        assertThat(run.out()).as(run.out()).contains(".movedata/demo.", "DIRECTORY/s3", "DIRECTORY/warehouse",
                "(bin/movedata)", "docs/bad-input.md");
        assertThat(run.out().lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(100));
    }

    @Test
    void demoRefusesAConnectorItCannotShowInOneLine(@TempDir Path elsewhere) throws Exception {
        ChildProcess run = MOVEDATA.runIn(elsewhere, Map.of(), "demo", "--connector", "key-value,graphs");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("movedata: --connector expects some of cassandra-table, key-value, timeseries, graph, "
                + "found 'graphs'\n");
        assertThat(elsewhere.resolve(".movedata")).doesNotExist();
    }

    @Test
    void theDistributionShipsItsConnectors(@TempDir Path elsewhere) throws Exception {
        ChildProcess run = MOVEDATA.runIn(elsewhere, Map.of(), "connectors", "list");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).as(run.out()).startsWith("cassandra-table (version 1)\n")
                .contains("\n\nkey-value (version 1)\n  Rebuilds a key-value namespace (items table <ks>.<ns> and chunks table")
                .contains("\n    namespace (string, required): the namespace's items table, keyspace.ns;")
                .contains("\n    onCorrupt (string, default fail): ")
                .contains("\n  SQL functions (UDFs):\n"
                        + "    kv_decode: kv_decode(value binary, value_metadata binary): the value an items-table row stores inline, "
                        + "decompressed and checked; null for a chunked value\n"
                        + "    kv_key_text: kv_key_text(key binary): the key as UTF-8 text when it is text, else 0x and hex\n\n")
                .contains("\n\ngraph (version 1)\n  Moves a property graph stored in key-value namespaces")
                .contains("\n    schema (string, required): the graph schema, YAML or JSON text")
                .contains("\n\ntimeseries (version 1)\n")
                .contains("\n    namespace (string, required): the namespace; its slices table is <keyspace>.<namespace>_slices");
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path elsewhere) throws Exception {
        ChildProcess run = MOVEDATA.runIn(elsewhere, Map.of(), "show");

        assertThat(run.exitCode()).isEqualTo(MovedataCli.INVALID_INPUT);
        assertThat(run.err()).startsWith("movedata: Missing required");
    }

    @Test
    void theCompletionScriptCompletesTheRealCommandTreeInBash(@TempDir Path elsewhere) throws Exception {
        // Sourced as the README says; then bash's own completion machinery is asked, as a <TAB> would ask it.
        String script = "source <(" + MOVEDATA.executable() + " completion) && complete -p movedata"
                + " && COMP_WORDS=(movedata back) COMP_CWORD=1 && _complete_movedata && echo \"top: ${COMPREPLY[*]}\""
                + " && COMP_WORDS=(movedata backups '') COMP_CWORD=2 && _complete_movedata && echo \"backups: ${COMPREPLY[*]}\""
                + " && COMP_WORDS=(movedata show file:///b --li) COMP_CWORD=3 && _complete_movedata && echo \"show: ${COMPREPLY[*]}\"";
        ChildProcess run = ChildProcess.run(List.of("bash", "-c", script), elsewhere, 120);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).as(run.toString()).containsExactly(
                "complete -o default -F _complete_movedata movedata", "top: backup backups", "backups: list show verify", "show: --limit");
    }
}
