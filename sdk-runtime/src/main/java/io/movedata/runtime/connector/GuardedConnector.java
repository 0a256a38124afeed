package io.movedata.runtime.connector;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorException;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;
import io.movedata.api.NamedUdf;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;
import io.movedata.api.TargetWrite;

/**
 * A connector whose calls on the driver throw only {@link MovedataException}s: anything else a
 * connector throws (a {@code NullPointerException} in {@code targets()}) is a bug in the connector,
 * reported as {@link ErrorKind#INTERNAL} with the connector's name and the call that failed, so the
 * user knows whom to tell.
 */
public final class GuardedConnector implements Connector {
    private final String name;
    private final Connector connector;

    private GuardedConnector(String name, Connector connector) {
        this.name = name;
        this.connector = connector;
    }

    /** The connector {@code factory} creates, its calls guarded. */
    public static Connector create(ConnectorFactory factory, ConnectorOptions options, ConnectorContext context) {
        String name = factory.name();
        return new GuardedConnector(name, guarded(name, "create()", () -> factory.create(options, context)));
    }

    @Override
    public List<SourceTable> sources() {
        return guarded(name, "sources()", connector::sources);
    }

    @Override
    public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
        return guarded(name, "targets()", () -> connector.targets(sourceSchemas));
    }

    @Override
    public Map<String, Dataset<Row>> output(SourceFrames sources) {
        return guarded(name, "output()", () -> connector.output(sources));
    }

    @Override
    public List<TargetWrite> writes() {
        return guarded(name, "writes()", connector::writes);
    }

    @Override
    public List<NamedUdf> udfs() {
        return guarded(name, "udfs()", connector::udfs);
    }

    private static <T> T guarded(String name, String call, Supplier<T> work) {
        try {
            return work.get();
        } catch (MovedataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConnectorException(ErrorKind.INTERNAL, "Connector '" + name + "' failed in " + call + " with "
                    + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + " (a bug in the connector, not in the movement's input)", e);
        }
    }
}
