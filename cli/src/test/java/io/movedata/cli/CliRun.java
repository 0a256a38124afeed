package io.movedata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One in-process run of the command: its exit code and what it printed.
 *
 * @param exitCode what {@code movedata} would exit with
 * @param out what it printed to stdout
 * @param err what it printed to stderr
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MovedataCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
