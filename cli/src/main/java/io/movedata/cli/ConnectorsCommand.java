package io.movedata.cli;

import java.io.PrintWriter;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.movedata.api.ConnectorFactory;
import io.movedata.api.NamedUdf;
import io.movedata.api.OptionSpec;
import io.movedata.runtime.connector.Connectors;

/** {@code movedata connectors ...}: the connectors on the classpath. */
@Command(name = "connectors", description = "Lists the connectors a movement can use.",
        subcommands = ConnectorsCommand.ListConnectors.class)
final class ConnectorsCommand extends CommandGroup {

    /** {@code movedata connectors list}: name, version, description and every option of each connector. */
    @Command(name = "list", description = "Prints every connector on the classpath with its options (secret options are "
            + "marked) and the SQL functions (UDFs) it registers.")
    static final class ListConnectors implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON document instead (fields: docs/connectors.md).")
        boolean json;

        /** The {@code --json} document. */
        record Listing(List<ConnectorEntry> connectors) {}

        record ConnectorEntry(String name, String version, String description, List<OptionEntry> options, List<UdfEntry> udfs) {}

        /** An option; {@code type} is STRING, INT, LONG, BOOLEAN or LIST; {@code defaultValue} null when none. */
        record OptionEntry(String name, String type, boolean required, String defaultValue, boolean secret, String documentation) {}

        /** A SQL function the connector registers in a movement's session. */
        record UdfEntry(String name, String description) {}

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<ConnectorFactory> factories = Connectors.all();
            if (json) {
                out.print(Json.text(new Listing(factories.stream().map(factory -> new ConnectorEntry(factory.name(),
                        factory.version(), factory.description(), factory.options().stream()
                        .map(o -> new OptionEntry(o.name(), o.type().name(), o.isRequired(), o.defaultValue(), o.isSecret(),
                                o.documentation())).toList(),
                        factory.declaredUdfs().stream().map(u -> new UdfEntry(u.name(), u.description())).toList())).toList())));
                return;
            }
            if (factories.isEmpty()) {
                out.println("No connectors on the classpath.");
                return;
            }
            for (int i = 0; i < factories.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                describe(factories.get(i), out);
            }
        }

        private static void describe(ConnectorFactory factory, PrintWriter out) {
            out.println(factory.name() + " (version " + factory.version() + ")");
            out.println("  " + factory.description());
            List<OptionSpec> options = factory.options();
            if (options.isEmpty()) {
                out.println("  options: none");
            } else {
                out.println("  options:");
                for (OptionSpec option : options) {
                    out.println("    " + option.describe());
                }
            }
            List<NamedUdf> udfs = factory.declaredUdfs();
            if (!udfs.isEmpty()) {
                out.println("  SQL functions (UDFs):");
                for (NamedUdf udf : udfs) {
                    out.println("    " + udf.name() + ": " + udf.description());
                }
            }
        }
    }
}
