package io.movedata.runtime.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.api.OptionSpec;
import io.movedata.runtime.coverage.Consistency;
import io.movedata.runtime.read.ReadRequest;
import io.movedata.runtime.ring.SplitSizing;

class ReadOptionsTest {

    @Test
    void parsesEveryOptionCaseInsensitively() {
        ReadRequest request = ReadOptions.parse(Map.of(
                "BACKUP", "s3://b/p", "name", "b1", "table", "ks.t", "Consistency", "quorum",
                "splitSizeMB", "64", "rowWritetime", "true", "cellMetadata", "v, n",
                "referenceTime", "2026-11-20T00:00:00Z", "decimalPrecision", "30", "decimalScale", "4"));

        assertThat(request.location()).hasToString("s3://b/p");
        assertThat(request.backupName()).isEqualTo("b1");
        assertThat(request.qualifiedTable()).isEqualTo("ks.t");
        assertThat(request.consistency()).isEqualTo(Consistency.QUORUM);
        assertThat(request.splitSizing()).isEqualTo(SplitSizing.fixed(64L * 1024 * 1024));
        assertThat(request.rowWritetime()).isTrue();
        assertThat(request.cellMetadata()).containsExactly("v", "n");
        assertThat(request.referenceTime()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(request.decimal().precision()).isEqualTo(30);
        assertThat(request.decimal().scale()).isEqualTo(4);
    }

    @Test
    void defaultsAreLocalQuorumAndSplitsSizedToTheCores() {
        ReadRequest request = ReadOptions.parse(Map.of("backup", "file:///tmp/b", "table", "ks.t"));

        assertThat(request.consistency()).isEqualTo(Consistency.LOCAL_QUORUM);
        // No Spark session in this test: this JVM's processors.
        assertThat(request.splitSizing()).isEqualTo(SplitSizing.auto(Runtime.getRuntime().availableProcessors()));
        assertThat(request.backupName()).isNull();
    }

    @Test
    void errorsNameTheOptionAndWhatItExpects() {
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("table", "ks.t")))
                .hasMessageStartingWith("Option 'backup' is required");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "t")))
                .hasMessage("Option 'table': expected keyspace.table, found 't'");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "consistency", "SERIAL")))
                .hasMessage("Option 'consistency': expected one of [ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM], "
                        + "found 'SERIAL'");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "splitSizeMB", "-1")))
                .hasMessage("Option 'splitSizeMB': expected a number of at least 1, found '-1'");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "referenceTime", "yesterday")))
                .hasMessage("Option 'referenceTime': expected an ISO-8601 instant such as 2026-11-20T00:00:00Z, found 'yesterday'");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "asOf", "now")))
                .hasMessage("Option 'asOf': expected an ISO-8601 instant such as 2026-11-20T00:00:00Z, found 'now'");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "name", "b1",
                "asOf", "2026-11-20T00:00:00Z")))
                .hasMessage("Options 'name' and 'asOf' exclude each other: give one");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t",
                "asOf", "2026-11-20T00:00:00Z", "skewWindow", "5 minutes")))
                .hasMessage("Option 'skewWindow': expected a duration of zero or more such as PT30M, 90s, 30m, 6h or 1d, "
                        + "found '5 minutes'");
    }

    @Test
    void everyProblemIsToldAtOnce() {
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("table", "t", "splitSizeMB", "big", "decimalPrecision", "10",
                "decimalScale", "12", "consistancy", "ONE", "s3.secretKey", "")))
                .isInstanceOfSatisfying(MovedataException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("Unknown option 'consistancy' (did you mean 'consistency'?) of the cassandra-backup data source; "
                        + "Option 'table': expected keyspace.table, found 't'; "
                        + "Option 'splitSizeMB': expected an integer, found 'big'; "
                        + "Option 'backup' is required: where the backups live, s3://bucket/prefix or file:///dir; "
                        + "required unless given to load(location); "
                        + "Options 'decimalPrecision'/'decimalScale' must satisfy scale <= precision, found 10/12");
    }

    @Test
    void anUnknownOptionIsRefusedNamingTheOptionItWasMostLikelyMeantToBe() {
        // Spark hands the keys over lower-cased when they come through a CaseInsensitiveStringMap.
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "consistancy", "ALL")))
                .hasMessage("Unknown option 'consistancy' (did you mean 'consistency'?) of the cassandra-backup data source");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "splitsizemb", "1",
                "s3.pathstyel", "true")))
                .hasMessage("Unknown option 's3.pathstyel' (did you mean 's3.pathStyle'?) of the cassandra-backup data source");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("backup", "s3://b", "table", "ks.t", "snapshot", "b1")))
                .hasMessage("Unknown option 'snapshot' of the cassandra-backup data source; its options: asOf, backup, "
                        + "cellMetadata, consistency, datacenter, decimalPrecision, decimalScale, localDirectory, "
                        + "name, path, referenceTime, rowWritetime, s3.accessKey, s3.endpoint, s3.maxAttempts, s3.pathStyle, s3.region, "
                        + "s3.secretKey, skewWindow, splitSizeMB, table");
    }

    /** docs/reading.md lists the options of this one declaration, no more and no fewer. */
    @Test
    void theDocumentedOptionsAreTheDeclaredOnes() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "reading.md"));
        int table = lines.indexOf("| option | meaning |");
        Set<String> documented = new TreeSet<>();
        for (String line : lines.subList(table + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            Matcher name = Pattern.compile("`([^`]+)`").matcher(line.substring(0, line.indexOf('|', 1)));
            while (name.find()) {
                documented.add(name.group(1));
            }
        }
        assertThat(documented).isEqualTo(new TreeSet<>(ReadOptions.OPTIONS.stream().map(OptionSpec::name).toList()));
    }

    @Test
    void theLocationMayBeThePathGivenToLoad() {
        assertThat(ReadOptions.parse(Map.of("path", "s3://b/p", "table", "ks.t")).location()).hasToString("s3://b/p");
        assertThat(ReadOptions.parse(Map.of("path", "s3://b/p", "backup", "s3://b/p", "table", "ks.t")).location())
                .hasToString("s3://b/p");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("path", "s3://b/p", "backup", "s3://b/q", "table", "ks.t")))
                .hasMessage("Option 'backup' (s3://b/q) and the path given to load() (s3://b/p) differ: give the backup "
                        + "location once");
        assertThatThrownBy(() -> ReadOptions.parse(Map.of("paths", "[\"s3://b/p\",\"s3://b/q\"]", "table", "ks.t")))
                .hasMessage("The cassandra-backup data source reads one backup location; load() was given several: "
                        + "[\"s3://b/p\",\"s3://b/q\"]");
    }

    @Test
    void asOfAndSkewWindowChooseNodeBackupsByTime() {
        ReadRequest request = ReadOptions.parse(Map.of("backup", "s3://b/p", "table", "ks.t",
                "asof", "2026-11-20T00:00:00Z", "skewWindow", "30m"));

        assertThat(request.backupName()).isNull();
        assertThat(request.asOf()).isEqualTo(java.time.Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(request.skewWindow()).isEqualTo(java.time.Duration.ofMinutes(30));
    }
}
