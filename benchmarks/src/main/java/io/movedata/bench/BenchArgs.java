package io.movedata.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The benchmarks' command lines: {@code --name value}, {@code --name=value} and value-less flags. */
final class BenchArgs {
    private BenchArgs() {}

    /**
     * Option name (lower case) to value; {@code --help} prints {@code usage} and exits.
     *
     * @param flags options that take no value (their value is {@code true})
     * @throws IllegalArgumentException for a stray argument or an option without its value, with the usage
     */
    static Map<String, String> parse(String[] args, String usage, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        for (int a = 0; a < args.length; a++) {
            String arg = args[a];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'\n" + usage);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (flags.contains(name)) {
                value = "true";
            } else if (a + 1 < args.length) {
                value = args[++a];
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value\n" + usage);
            }
            values.put(name.toLowerCase(Locale.ROOT), value);
        }
        return values;
    }
}
