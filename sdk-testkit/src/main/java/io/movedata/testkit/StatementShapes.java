package io.movedata.testkit;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.cassandra.cql3.CQLStatement;
import org.apache.cassandra.cql3.ColumnSpecification;
import org.apache.cassandra.cql3.QueryOptions;
import org.apache.cassandra.cql3.QueryProcessor;
import org.apache.cassandra.cql3.statements.BatchStatement;
import org.apache.cassandra.cql3.statements.ModificationStatement;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.BytesType;
import org.apache.cassandra.exceptions.RequestValidationException;
import org.apache.cassandra.io.sstable.CQLSSTableWriter;
import org.apache.cassandra.schema.TableMetadata;
import org.apache.cassandra.service.ClientState;
import org.apache.cassandra.utils.ByteBufferUtil;

/**
 * Turns the CQL text of a write and its Java bind values into a row a {@link CQLSSTableWriter}
 * takes: the statement prepared once per text against one schema, the values serialized with
 * the types of their bind markers (see {@link Values}).
 *
 * <p>A statement of literals only is written through its shape with a marker for each literal
 * (CQLSSTableWriter needs markers), bound to the literals' values as cassandra parses them
 * ({@code fromString}); statements differing only in their literals then share one prepared
 * shape, and so one writer. Bound to one schema: after a schema change, use a new instance.
 */
final class StatementShapes {
    private final FixtureSchema schema;
    /** Prepared statements by the CQL text the writers use. */
    private final Map<String, Shape> shapes = new HashMap<>();
    /** How to write each recent statement text (bounded: literal statements may all differ). */
    private final Map<String, Binding> bindings = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Binding> eldest) {
            return size() > 10_000;
        }
    };

    StatementShapes(FixtureSchema schema) {
        this.schema = schema;
    }

    /** A statement shape ready to write: the writers' CQL text, its bind markers and its table's replication. */
    record Shape(String writerCql, ModificationStatement statement, List<ColumnSpecification> binds, TableMetadata table,
                 Ring.Replication replication) {}

    /** One row to write: the shape and the serialized values of its bind markers. */
    record BoundRow(Shape shape, List<ByteBuffer> values, String cql) {
        /**
         * The row's partition key.
         *
         * @throws IllegalArgumentException when the statement writes several partitions or its values are invalid
         */
        ByteBuffer partitionKey() {
            List<ByteBuffer> keys;
            try {
                keys = shape.statement.buildPartitionKeyNames(QueryOptions.forInternalCalls(values), ClientState.forInternalCalls());
            } catch (RequestValidationException e) {
                throw new IllegalArgumentException(e.getMessage() + ": " + cql, e);
            }
            if (keys.size() != 1) {
                throw new IllegalArgumentException("The statement writes " + keys.size() + " partitions (IN on the partition key);"
                        + " write one partition per statement: " + cql);
            }
            return keys.get(0);
        }
    }

    /**
     * The row {@code cql} writes with {@code args} (null stands for one null value).
     *
     * @throws IllegalArgumentException for a statement that cannot be written or values that do
     *     not fit its bind markers
     */
    BoundRow bind(String cql, Object[] args) {
        Objects.requireNonNull(cql, "cql");
        Object[] values = args == null ? new Object[] {null} : args;
        Binding binding = bindings.get(cql);
        if (binding == null) {
            binding = binding(cql);
            bindings.put(cql, binding);
        }
        Shape shape = binding.shape();
        int expected = binding.literals() == null ? shape.binds().size() : 0;
        if (values.length != expected) {
            throw new IllegalArgumentException("The statement has " + expected + " bind marker(s) but " + values.length
                    + " value(s) were given: " + cql);
        }
        if (binding.literals() != null) {
            return new BoundRow(shape, binding.literals(), cql);
        }
        List<ByteBuffer> bound = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            ColumnSpecification spec = shape.binds().get(i);
            Object v = values[i];
            bound.add(v instanceof ByteBuffer bb && bb != FixtureCluster.UNSET ? ByteBufferUtil.clone(bb)
                    : Values.serialize(spec.type, v, "Bind value " + (i + 1) + " (" + spec.name + " " + spec.type.asCQL3Type() + ")"));
        }
        return new BoundRow(shape, bound, cql);
    }

    private Binding binding(String cql) {
        List<Cql.Token> tokens = Cql.tokenize(cql);
        if (Cql.hasBindMarker(tokens)) {
            return new Binding(shape(cql, cql), null);
        }
        List<Cql.Token> literals = Cql.replaceableLiterals(tokens);
        if (literals.isEmpty()) {
            throw new IllegalArgumentException("The statement has neither bind markers nor a literal a marker could "
                    + "stand for; CQLSSTableWriter cannot write it: " + cql);
        }
        Shape shape;
        try {
            shape = shape(Cql.withMarkers(cql, literals), cql);
        } catch (IllegalArgumentException e) {
            // e.g. an overloaded function whose argument type a marker leaves open: keep all but the first literal
            literals = literals.subList(0, 1);
            shape = shape(Cql.withMarkers(cql, literals), cql);
        }
        if (shape.binds().size() != literals.size()) {
            throw new IllegalArgumentException("Cannot turn the literals of the statement into bind markers: " + cql);
        }
        List<ByteBuffer> values = new ArrayList<>(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            Cql.Token literal = literals.get(i);
            AbstractType<?> type = shape.binds().get(i).type;
            try {
                values.add(literal.kind() == Cql.Kind.HEX
                        ? BytesType.instance.fromString(literal.text().substring(2))
                        : type.fromString(literal.text()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Literal " + cql.substring(literal.start(), literal.end()) + " is not a valid "
                        + type.asCQL3Type() + ": " + cql, e);
            }
        }
        return new Binding(shape, List.copyOf(values));
    }

    /** The prepared statement for the writers' CQL text, prepared once. */
    private Shape shape(String writerCql, String original) {
        Shape shape = shapes.get(writerCql);
        if (shape == null) {
            synchronized (CQLSSTableWriter.class) {
                schema.install();
                ModificationStatement statement = prepareModification(writerCql, original);
                if (statement.getBindVariables().isEmpty()) {
                    throw new IllegalArgumentException("CQLSSTableWriter needs a bind marker: " + original);
                }
                shape = new Shape(writerCql, statement, statement.getBindVariables(), statement.metadata,
                        schema.replication(statement.metadata.keyspace));
            }
            shapes.put(writerCql, shape);
        }
        return shape;
    }

    private static ModificationStatement prepareModification(String cql, String original) {
        CQLStatement.Raw raw;
        try {
            raw = QueryProcessor.parseStatement(cql);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse: " + e.getMessage() + ": " + original, e);
        }
        if (raw instanceof BatchStatement.Parsed) {
            throw new IllegalArgumentException("BATCH is not supported; execute its statements one by one: " + original);
        }
        if (!(raw instanceof ModificationStatement.Parsed parsed)) {
            throw new IllegalArgumentException("Only INSERT, UPDATE and DELETE can be written: " + original);
        }
        ModificationStatement statement;
        try {
            statement = parsed.prepare(ClientState.forInternalCalls());
            statement.validate(ClientState.forInternalCalls());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() + " (tables must be qualified with their keyspace): " + original, e);
        }
        if (statement.hasConditions()) {
            throw new IllegalArgumentException("Conditional (IF ...) statements cannot be written offline: " + original);
        }
        if (statement.isCounter()) {
            throw new IllegalArgumentException("Counter updates cannot be written with CQLSSTableWriter: " + original);
        }
        return statement;
    }

    /**
     * How to write one statement text: its shape, and for a literal statement the values standing
     * in for its literals (null for a statement with bind markers).
     */
    private record Binding(Shape shape, List<ByteBuffer> literals) {}
}
