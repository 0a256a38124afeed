package io.movedata.runtime.iceberg;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.ConnectorException;
import io.movedata.api.ErrorKind;

/**
 * Which of a table's rows a write replaces, when its connector decides ({@link io.movedata.api.TargetWrite}):
 * those matching a Spark SQL condition are removed and the frame's rows added, in one snapshot;
 * every row of the frame must match it too. Also the lineage entries the connector records with it.
 *
 * @param connector the connector that asked for it, named in messages
 * @param condition the condition as the connector wrote it
 * @param expression the condition parsed, not resolved: the write resolves it against its table
 * @param lineage the connector's snapshot summary entries, keys without {@code movedata.connector.}
 */
public record RowReplacement(String connector, String condition, Expression expression, Map<String, String> lineage) {
    public RowReplacement {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(expression, "expression");
        lineage = Map.copyOf(lineage);
    }

    /**
     * The replacement of {@code target}'s rows where {@code condition}, parsed once and checked
     * against the target's columns.
     *
     * @throws ConnectorException ({@link ErrorKind#INTERNAL}: the connector's bug) when the condition
     *         does not parse, names a column the target lacks or is not a boolean, with Spark's reason
     */
    public static RowReplacement parse(SparkSession spark, String connector, String target, StructType schema,
                                       String condition, Map<String, String> lineage) {
        try {
            Expression expression = spark.sessionState().sqlParser().parseExpression(condition);
            // Analysed as a filter of the target's columns, as the write will.
            spark.createDataFrame(List.of(), schema).where(ExpressionUtils.column(expression));
            return new RowReplacement(connector, condition, expression, lineage);
        } catch (Exception e) { // Spark's ParseException, and its AnalysisException, thrown undeclared
            throw new ConnectorException(ErrorKind.INTERNAL, "Connector '" + connector + "' replaces the rows of target '"
                    + target + "' where '" + condition + "', which is not a condition on the target's columns: "
                    + firstLine(e.getMessage()) + " (a bug in the connector, not in the movement's input)", e);
        }
    }

    /**
     * The rows, failing the write at the first that does not match the condition ({@link RowOutside}):
     * Iceberg's overwrite by filter adds rows outside its filter without a word, and a rerun would
     * then keep them twice. A per-row check in the write's own stage; not deterministic, so Spark
     * does not move it below a join or a filter of the connector's, where rows that are never
     * written would fail it.
     */
    Dataset<Row> matching(Dataset<Row> rows, String target) {
        String outside = "Connector '" + connector + "' wrote a row of target '" + target + "' outside the rows it "
                + "replaces (where " + condition + "): every row of a replacing write must match its condition (a bug in "
                + "the connector, not in the movement's input)";
        UserDefinedFunction check = functions.udf((UDF1<Boolean, Boolean>) matches -> {
            if (!Boolean.TRUE.equals(matches)) {
                throw new RowOutside(outside);
            }
            return true;
        }, DataTypes.BooleanType).asNondeterministic();
        return rows.where(check.apply(ExpressionUtils.column(expression)));
    }

    /** A row of a replacing write outside its condition: the connector's bug. */
    static final class RowOutside extends ConnectorException {
        private static final long serialVersionUID = 1L;

        RowOutside(String message) {
            super(ErrorKind.INTERNAL, message);
        }
    }

    /** Whether the condition is {@code false}: the write only adds rows. */
    boolean replacesNothing() {
        return Literal.FalseLiteral().equals(expression);
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip(); // a ParseException's starts with a line break
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).strip();
    }
}
