package io.movedata.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import io.movedata.runtime.backup.BackupCatalog;
import io.movedata.runtime.util.Durations;

/** {@code --as-of} and {@code --skew-window}, for the {@code backups} commands that select node backups by time. */
final class AsOfOptions {
    @Option(names = "--as-of", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Per node, the newest complete node backup started at or before TIME (ISO-8601, e.g. "
                    + "2026-11-20T00:00:00Z or 2026-11-20T01:00:00+01:00).")
    Instant asOf;

    @Option(names = "--skew-window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --as-of: how long before the newest chosen node backup the others may have started "
                    + "(e.g. 30m, 6h, PT6H). Default: 6h.")
    Duration skewWindow;

    /**
     * The skew window asked for, or the catalog's default.
     *
     * @throws ParameterException when {@code --skew-window} comes without {@code --as-of}
     */
    Duration skewWindow(CommandSpec spec) {
        if (skewWindow != null && asOf == null) {
            throw new ParameterException(spec.commandLine(), "--skew-window applies to --as-of selections only; give --as-of too");
        }
        return skewWindow == null ? BackupCatalog.DEFAULT_SKEW_WINDOW : skewWindow;
    }

    /** An ISO-8601 instant, in UTC or with an offset. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected an ISO-8601 time such as 2026-11-20T00:00:00Z, found '" + value + "'");
            }
        }
    }

    /** {@link Durations#parse}: {@code 90s}, {@code 30m}, {@code 6h}, {@code 1d} or ISO-8601. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return ParsedValue.of(value, Durations::parse);
        }
    }
}
