package io.movedata.api;

import java.util.List;

/**
 * The entry point of a connector: its name, the options it accepts, and how it creates a
 * {@link Connector} for one movement. The runtime finds factories with
 * {@link java.util.ServiceLoader}; register yours with
 * {@code @AutoService(ConnectorFactory.class)}.
 *
 * <p>A factory is stateless and cheap to construct; it may be instantiated only to list its
 * options (for {@code movedata connectors list}).
 */
public interface ConnectorFactory {

    /** The name a movement spec uses to choose this connector, e.g. {@code cassandra-table}. Unique. */
    String name();

    /** The connector's version, recorded in the lineage of every snapshot it writes. */
    String version();

    /** One paragraph on what the connector produces from which Cassandra tables. */
    String description();

    /** Every option the connector accepts, each declared once (see {@link OptionSpec}). */
    List<OptionSpec> options();

    /**
     * The Java UDFs this factory's connectors register ({@link Connector#udfs()}), for
     * {@code movedata connectors list}, which has no movement to create a connector for. Named apart
     * from {@code Connector.udfs()} so that one class can still implement both interfaces.
     */
    default List<NamedUdf> declaredUdfs() {
        return List.of();
    }

    /**
     * Creates the connector for one movement.
     *
     * @param options the movement's options, already validated against {@link #options()}
     * @param context the movement being run
     * @throws ConnectorException when the options are valid one by one but do not fit together,
     *         naming the options involved
     */
    Connector create(ConnectorOptions options, ConnectorContext context);
}
