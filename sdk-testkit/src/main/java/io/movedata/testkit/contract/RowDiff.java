package io.movedata.testkit.contract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.movedata.runtime.validate.ValidationReport;
import io.movedata.runtime.validate.ValidationReport.ChangedRow;
import io.movedata.runtime.validate.ValidationReport.ColumnChange;
import io.movedata.runtime.validate.ValidationReport.RowSample;

/**
 * A comparison's differences as text, in the words and order of {@code movedata validate}: the
 * summary (C, M, C − M, M − C and the count of each kind), then the samples of each kind under a
 * heading saying how many rows there are.
 */
final class RowDiff {
    private RowDiff() {}

    static String text(ValidationReport report) {
        StringBuilder text = new StringBuilder();
        String summary = report.summary();
        // The first line names the comparison's id and time, which say nothing here.
        text.append(summary, summary.indexOf('\n') + 1, summary.length());
        ValidationReport.Counts counts = report.counts();
        if (!report.changed().isEmpty()) {
            heading(text, "changed", report.changed().size(), counts.changedKeys(), "key");
            for (ChangedRow changed : report.changed()) {
                for (ColumnChange change : changed.columns()) {
                    text.append("    ").append(values(changed.key())).append("  ").append(change.column())
                            .append(": C ").append(ValidationReport.text(change.c()))
                            .append(", M ").append(ValidationReport.text(change.m())).append('\n');
                }
            }
        }
        rows(text, "in C, not in M", report.missingFromM(), counts.missingFromM(), true, false);
        rows(text, "in M, not in C", report.extraInM(), counts.extraInM(), false, true);
        rows(text, "in both, a different number of times", report.duplicated(), counts.duplicatedRows(), true, true);
        return text.toString();
    }

    private static void rows(StringBuilder text, String title, List<RowSample> samples, long total, boolean inC, boolean inM) {
        if (samples.isEmpty()) {
            return;
        }
        heading(text, title, samples.size(), total, "row");
        for (RowSample sample : samples) {
            text.append("    ").append(values(sample.row()));
            if (inC) {
                text.append("  in C: ").append(sample.inC());
            }
            if (inM) {
                text.append("  in M: ").append(sample.inM());
            }
            text.append('\n');
        }
    }

    private static void heading(StringBuilder text, String title, int shown, long total, String unit) {
        String firstShown = shown < total ? String.format(Locale.ROOT, " (first %,d shown)", shown) : "";
        text.append(String.format(Locale.ROOT, "  %s: %,d %s%s%s%n", title, total, unit, total == 1 ? "" : "s", firstShown));
    }

    private static String values(Map<String, Object> columns) {
        return columns.entrySet().stream().map(e -> e.getKey() + "=" + ValidationReport.text(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
