package io.movedata.runtime.connector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.runtime.util.ClosestName;

/** The connector factories on the classpath, found with {@link ServiceLoader}. */
public final class Connectors {
    private Connectors() {}

    /**
     * Every registered factory, sorted by name.
     *
     * @throws ConnectorException when two factories claim the same name, naming both classes
     */
    public static List<ConnectorFactory> all() {
        List<ConnectorFactory> factories = new ArrayList<>();
        for (ConnectorFactory factory : ServiceLoader.load(ConnectorFactory.class, classLoader())) {
            for (ConnectorFactory known : factories) {
                if (known.name().equals(factory.name())) {
                    throw new ConnectorException("Two connectors are named '" + factory.name() + "': "
                            + known.getClass().getName() + " and " + factory.getClass().getName());
                }
            }
            factories.add(factory);
        }
        factories.sort(Comparator.comparing(ConnectorFactory::name));
        return factories;
    }

    /**
     * The factory of the given name.
     *
     * @throws ConnectorException when none has that name, naming the closest and listing the known names
     */
    public static ConnectorFactory named(String name) {
        List<ConnectorFactory> factories = all();
        List<String> known = factories.stream().map(ConnectorFactory::name).toList();
        return factories.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConnectorException("Unknown connector '" + name + "'"
                        + ClosestName.of(name, known).map(closest -> " (did you mean '" + closest + "'?)").orElse("")
                        + "; known connectors: " + String.join(", ", known)));
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Connectors.class.getClassLoader();
    }
}
