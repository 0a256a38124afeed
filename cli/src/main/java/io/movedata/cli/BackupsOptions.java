package io.movedata.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every {@code backups} command takes besides its location: an as-of selection, S3 settings and {@code --json}. */
final class BackupsOptions {
    @Mixin
    AsOfOptions asOf;

    @Mixin
    S3Options s3;

    @Option(names = "--json", description = "Print one JSON document instead (fields: docs/backups.md).")
    boolean json;
}
