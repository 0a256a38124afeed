package io.movedata.it.truth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.data.UdtValue;

import scala.jdk.javaapi.CollectionConverters;

/**
 * What a live Cassandra node returns for {@code SELECT *}, as Spark rows of a given schema: the
 * truth a movement's Iceberg table is validated against.
 */
final class CqlRows {
    private CqlRows() {}

    /** Every row {@code SELECT *} returns for the table through {@code session} at {@code consistency}. */
    static List<com.datastax.oss.driver.api.core.cql.Row> selectAll(CqlSession session, String table,
                                                                     ConsistencyLevel consistency) {
        return session.execute(SimpleStatement.newInstance("SELECT * FROM " + table).setConsistencyLevel(consistency)
                .setPageSize(1000)).all();
    }

    /** The rows converted field by field, by name, to {@code schema}. */
    static List<Row> toSpark(List<com.datastax.oss.driver.api.core.cql.Row> cqlRows, StructType schema) {
        List<Row> rows = new ArrayList<>();
        for (com.datastax.oss.driver.api.core.cql.Row row : cqlRows) {
            Object[] values = new Object[schema.fields().length];
            for (int i = 0; i < values.length; i++) {
                StructField field = schema.fields()[i];
                values[i] = spark(row.getObject(field.name()), field.dataType());
            }
            rows.add(RowFactory.create(values));
        }
        return rows;
    }

    private static Object spark(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return Timestamp.from(instant);
        }
        if (type instanceof ArrayType array) {
            List<Object> elements = new ArrayList<>();
            for (Object element : (Collection<?>) value) {
                elements.add(spark(element, array.elementType()));
            }
            return elements.isEmpty() ? null : CollectionConverters.asScala(elements).toSeq();
        }
        if (type instanceof MapType map) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> entries.put(spark(k, map.keyType()), spark(v, map.valueType())));
            return entries.isEmpty() ? null : CollectionConverters.asScala(entries);
        }
        if (type instanceof StructType struct && value instanceof UdtValue udt) {
            Object[] fields = new Object[struct.fields().length];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = spark(udt.getObject(struct.fields()[i].name()), struct.fields()[i].dataType());
            }
            return RowFactory.create(fields);
        }
        return value;
    }
}
