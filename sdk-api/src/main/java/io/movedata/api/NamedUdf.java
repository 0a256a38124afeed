package io.movedata.api;

import java.util.Objects;

import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * A Java UDF a connector contributes. The runtime registers it in the movement's Spark session
 * under {@link #name()}, so the connector's SQL and users' queries can call it.
 *
 * @param name the SQL function name
 * @param function the Spark function
 * @param description what it computes, listed by {@code movedata connectors list}
 */
public record NamedUdf(String name, UserDefinedFunction function, String description) {

    /**
     * @throws IllegalArgumentException when the name is not a SQL identifier
     */
    public NamedUdf {
        Objects.requireNonNull(function, "function");
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("A UDF name must be a SQL identifier, found '" + name + "'");
        }
    }

    public static NamedUdf of(String name, UDF1<?, ?> function, DataType returnType, String description) {
        return new NamedUdf(name, functions.udf(function, returnType), description);
    }

    public static NamedUdf of(String name, UDF2<?, ?, ?> function, DataType returnType, String description) {
        return new NamedUdf(name, functions.udf(function, returnType), description);
    }

    public static NamedUdf of(String name, UDF3<?, ?, ?, ?> function, DataType returnType, String description) {
        return new NamedUdf(name, functions.udf(function, returnType), description);
    }
}
