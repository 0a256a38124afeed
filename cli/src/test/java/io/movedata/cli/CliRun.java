package io.movedata.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command: its exit code and what it printed.
 *
 * @param exitCode what {@code movedata} would exit with
 * @param out what it printed to stdout
 * @param err what it printed to stderr
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} with writers made as {@link MovedataCli#main} makes them, which buffer as stdout's do. */
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MovedataCli.execute(args, MovedataCli.writer(out), MovedataCli.writer(err));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
