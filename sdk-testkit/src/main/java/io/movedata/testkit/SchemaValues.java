package io.movedata.testkit;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.TupleType;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.schema.CQLTypeParser;

/**
 * Java values serialized as the types of a fixture schema: UDTs, tuples and any CQL type named
 * in text (the value conversion itself is {@link Values}').
 */
final class SchemaValues {
    private final FixtureSchema schema;

    SchemaValues(FixtureSchema schema) {
        this.schema = schema;
    }

    ByteBuffer udt(String type, Object... fieldValues) {
        return Values.serialize(schema.type(type), Arrays.asList(fieldValues), "UDT " + type);
    }

    ByteBuffer udt(String type, Map<String, ?> fields) {
        return Values.serialize(schema.type(type), fields, "UDT " + type);
    }

    ByteBuffer tuple(String tupleType, Object... values) {
        AbstractType<?> type = parseType(schema.keyspaceNames().get(0), tupleType);
        if (!(type.unwrap() instanceof TupleType) || type.unwrap() instanceof UserType) {
            throw new IllegalArgumentException("'" + tupleType + "' is not a tuple type");
        }
        return Values.serialize(type, Arrays.asList(values), "tuple " + tupleType);
    }

    ByteBuffer serialize(String keyspace, String cqlType, Object value) {
        return Values.serialize(parseType(keyspace, cqlType), value, cqlType + " value");
    }

    private AbstractType<?> parseType(String keyspace, String cqlType) {
        try {
            return CQLTypeParser.parse(keyspace, cqlType, schema.keyspace(keyspace).types);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse CQL type '" + cqlType + "': " + e.getMessage(), e);
        }
    }
}
