package ${package};

import java.util.List;

import com.google.auto.service.AutoService;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.NamedUdf;
import io.movedata.api.OptionSpec;
import io.movedata.api.SourceTable;

/**
 * The {@code ${connectorName}} connector: each order of a customer's partition with the quantity the
 * customer has ordered so far, in order. Registered with {@code @AutoService}: the runtime finds it
 * with {@link java.util.ServiceLoader} when its jar is on the class path.
 */
@AutoService(ConnectorFactory.class)
public final class ${connectorClass}ConnectorFactory implements ConnectorFactory {
    /** The name a movement spec's {@code connector.name} gives. */
    public static final String NAME = "${connectorName}";

    static final OptionSpec MIN_QUANTITY = OptionSpec.integer("minQuantity")
            .defaultValue("1")
            .validator(OptionSpec.Validator.atLeast(0))
            .documentation("orders of a smaller quantity are left out, and not counted in running_qty");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public String description() {
        return "Each order with the quantity its customer has ordered so far, from a table "
                + "PRIMARY KEY (customer, order_id) with columns item and qty.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(MIN_QUANTITY);
    }

    @Override
    public List<NamedUdf> declaredUdfs() {
        return List.of(ItemCode.UDF);
    }

    /**
     * @throws ConnectorException when the movement does not name exactly one source table
     */
    @Override
    public Connector create(ConnectorOptions options, ConnectorContext context) {
        List<String> tables = context.sourceTables();
        if (tables.size() != 1) {
            throw new ConnectorException("Connector '" + NAME + "' reads one orders table: the movement's "
                    + "source.tables must name exactly one, found " + tables);
        }
        return new ${connectorClass}Connector(SourceTable.of(tables.get(0)), options.integer(MIN_QUANTITY.name()));
    }
}
