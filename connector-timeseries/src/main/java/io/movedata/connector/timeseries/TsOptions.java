package io.movedata.connector.timeseries;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.OptionSpec;

/**
 * The connector's options, declared once ({@link #SPECS}) and parsed once into typed fields.
 *
 * @param keyspace the namespace's keyspace
 * @param namespace the namespace; its slices table is {@code keyspace.namespace_slices}
 * @param window the events moved
 * @param acceptWindow how long after a slice's end writes to it are still accepted
 * @param form which targets are written
 * @param incremental whether closed slices are appended once and skipped afterwards
 * @param shuffle whether events are assembled by a shuffle rather than per partition
 * @param skipCorrupt whether a corrupt item is left out (counted) rather than failing the movement
 */
record TsOptions(String keyspace, String namespace, TimeWindow window, Duration acceptWindow, Form form, boolean incremental,
                 boolean shuffle, boolean skipCorrupt) {
    static final String KEYSPACE = "keyspace";
    static final String NAMESPACE = "namespace";
    static final String START = "start";
    static final String END = "end";
    static final String ACCEPT_WINDOW = "acceptWindow";
    static final String FORM = "form";
    static final String INCREMENTAL = "incremental";
    static final String ASSEMBLY = "assembly";
    static final String ON_CORRUPT = "onCorrupt";
    static final String PARTITION = "partition";
    static final String SHUFFLE = "shuffle";

    /** Which targets a movement writes. */
    enum Form {
        /** {@code events}: one row per event, its items in a map. */
        WIDE(List.of(TsOutputs.EVENTS)),
        /** {@code event_items}: one row per item. */
        LONG(List.of(TsOutputs.EVENT_ITEMS)),
        /** Both, from one read. */
        BOTH(List.of(TsOutputs.EVENTS, TsOutputs.EVENT_ITEMS));

        final List<String> targets;

        Form(List<String> targets) {
            this.targets = targets;
        }
    }

    static final List<OptionSpec> SPECS = List.of(
            OptionSpec.string(KEYSPACE).required().validator(TsOptions::name)
                    .documentation("the keyspace of the namespace's slices table and slice tables"),
            OptionSpec.string(NAMESPACE).required().validator(TsOptions::name)
                    .documentation("the namespace; its slices table is <keyspace>.<namespace>_slices"),
            OptionSpec.string(START).validator(TsOptions::instant)
                    .documentation("moves only events with event_time at or after this ISO-8601 instant "
                            + "(e.g. 2026-12-01T00:00:00Z); absent: no lower bound"),
            OptionSpec.string(END).validator(TsOptions::instant)
                    .documentation("moves only events with event_time before this ISO-8601 instant; absent: no upper bound"),
            OptionSpec.string(ACCEPT_WINDOW).defaultValue("PT10M").validator(TsOptions::duration)
                    .documentation("how long after a slice's end_time the namespace still accepts writes to it (its "
                            + "accept limit), an ISO-8601 duration; a slice is closed once end_time plus this is at or "
                            + "before the backup's reference time"),
            OptionSpec.string(FORM).defaultValue("wide").validator(OptionSpec.Validator.oneOf("wide", "long", "both"))
                    .documentation("'wide': target 'events', one row per event with its items in a map; 'long': target "
                            + "'event_items', one row per item; 'both': both targets from one read"),
            OptionSpec.bool(INCREMENTAL).defaultValue("true")
                    .documentation("append each closed slice once and skip it afterwards (recorded in the targets' "
                            + "lineage), re-reading only open and new slices and replacing their rows"),
            OptionSpec.string(ASSEMBLY).defaultValue(PARTITION).validator(OptionSpec.Validator.oneOf(PARTITION, SHUFFLE))
                    .documentation("'partition': each event is built from its one partition, streaming, and a row stored "
                            + "outside its event's bucket fails the movement; 'shuffle': events are joined across buckets "
                            + "and slices with one shuffle (needs incremental=false and form wide or long)"),
            OptionSpec.string(ON_CORRUPT).defaultValue(CorruptItems.FAIL)
                    .validator(OptionSpec.Validator.oneOf(CorruptItems.FAIL, CorruptItems.SKIP))
                    .documentation("a corrupt item (undecodable value_metadata or value, size or checksum mismatch, a "
                            + "chunked value): 'fail' the movement naming it, or 'skip' it and count it in the report"));

    /**
     * @throws ConnectorException (invalid input) when the options contradict each other, naming each problem
     */
    static TsOptions of(String connector, ConnectorOptions options) {
        Instant start = options.has(START) ? Instant.parse(options.string(START)) : null;
        Instant end = options.has(END) ? Instant.parse(options.string(END)) : null;
        Form form = Form.valueOf(options.string(FORM).toUpperCase(Locale.ROOT));
        boolean incremental = options.bool(INCREMENTAL);
        boolean shuffle = options.string(ASSEMBLY).equals(SHUFFLE);
        List<String> problems = new ArrayList<>();
        if (start != null && end != null && !start.isBefore(end)) {
            problems.add("option 'start' (" + start + ") must be before option 'end' (" + end + ")");
        }
        if (shuffle && incremental) {
            problems.add("assembly=shuffle needs incremental=false: the shuffle mixes slices in the files it writes, which "
                    + "an incremental movement could not replace slice by slice");
        }
        if (shuffle && form == Form.BOTH) {
            problems.add("assembly=shuffle writes form wide or long, not both: each target would read and shuffle the "
                    + "slices again");
        }
        if (!problems.isEmpty()) {
            throw new ConnectorException("Invalid options for connector '" + connector + "': " + String.join("; ", problems));
        }
        return new TsOptions(options.string(KEYSPACE), options.string(NAMESPACE), new TimeWindow(start, end),
                Duration.parse(options.string(ACCEPT_WINDOW)), form, incremental, shuffle,
                options.string(ON_CORRUPT).equals(CorruptItems.SKIP));
    }

    String source() {
        return keyspace + "." + namespace;
    }

    private static String name(Object value) {
        return ((String) value).matches("[^.\\s]+") ? null : "a name without dots or white space";
    }

    private static String instant(Object value) {
        try {
            Instant.parse((String) value);
            return null;
        } catch (DateTimeParseException e) {
            return "an ISO-8601 instant such as 2026-12-01T00:00:00Z";
        }
    }

    private static String duration(Object value) {
        try {
            return Duration.parse((String) value).isNegative() ? "an ISO-8601 duration of zero or more" : null;
        } catch (DateTimeParseException e) {
            return "an ISO-8601 duration such as PT10M";
        }
    }
}
