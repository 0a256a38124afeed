package io.movedata.testkit.contract;

import static org.apache.spark.sql.functions.rand;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import io.movedata.api.Connector;
import io.movedata.api.ConnectorContext;
import io.movedata.api.ConnectorFactory;
import io.movedata.api.ConnectorOptions;
import io.movedata.api.OptionSpec;
import io.movedata.api.RowTransform;
import io.movedata.api.SourceFrames;
import io.movedata.api.SourceTable;
import io.movedata.api.TargetTable;

/**
 * Connectors of one table, {@code shop.items (id int PRIMARY KEY, name text, price int)}, for the
 * contract kit's own tests: a well-behaved one, and others each broken on purpose in one way.
 * Registered in this module's test resources (META-INF/services).
 */
final class TestConnectors {
    static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
            CREATE TABLE shop.items (id int PRIMARY KEY, name text, price int)""";

    private static final String TABLE = "shop.items";
    private static final String FACTOR = "factor";

    private TestConnectors() {}

    /** Items with their names upper-cased and their prices multiplied by option {@code factor}, streamed. */
    public static class Good implements ConnectorFactory {
        static final StructType ITEMS = new StructType().add("id", DataTypes.IntegerType).add("name", DataTypes.StringType)
                .add("price", DataTypes.LongType);

        @Override
        public String name() {
            return "contract-good";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public String description() {
            return "Items with upper-case names and prices times a factor.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OptionSpec.integer(FACTOR).defaultValue("1").validator(OptionSpec.Validator.atLeast(1))
                    .documentation("what each price is multiplied by"));
        }

        @Override
        public Connector create(ConnectorOptions options, ConnectorContext context) {
            int factor = options.integer(FACTOR);
            return new Connector() {
                @Override
                public List<SourceTable> sources() {
                    return List.of(SourceTable.of(TABLE));
                }

                @Override
                public List<TargetTable> targets(Map<String, StructType> sourceSchemas) {
                    return declaredTargets();
                }

                @Override
                public Map<String, Dataset<Row>> output(SourceFrames sources) {
                    return outputs(sources.transform(TABLE, items(factor)));
                }
            };
        }

        /** The targets it declares. */
        List<TargetTable> declaredTargets() {
            return List.of(TargetTable.of("items", declared()));
        }

        /** The output frame of each target, from the transformed items. */
        Map<String, Dataset<Row>> outputs(Dataset<Row> items) {
            return Map.of("items", outputOf(items));
        }

        /** The schema the target declares. */
        StructType declared() {
            return ITEMS;
        }

        /** The output frame, from the transformed items. */
        Dataset<Row> outputOf(Dataset<Row> items) {
            return items;
        }

        private static RowTransform items(int factor) {
            return RowTransform.perRow(ITEMS, (row, out) -> {
                String name = row.getString(row.fieldIndex("name"));
                Object price = row.get(row.fieldIndex("price"));
                out.accept(RowFactory.create(row.getInt(row.fieldIndex("id")), name == null ? null : name.toUpperCase(),
                        price == null ? null : (long) (Integer) price * factor));
            });
        }
    }

    /** Declares its price a string, and writes a bigint. */
    public static final class WrongSchema extends Good {
        @Override
        public String name() {
            return "contract-wrong-schema";
        }

        @Override
        StructType declared() {
            return new StructType().add("id", DataTypes.IntegerType).add("name", DataTypes.StringType)
                    .add("price", DataTypes.StringType);
        }
    }

    /** Adds a random draw to every item. */
    public static final class NonDeterministic extends Good {
        @Override
        public String name() {
            return "contract-non-deterministic";
        }

        @Override
        StructType declared() {
            return ITEMS.add("draw", DataTypes.DoubleType);
        }

        @Override
        Dataset<Row> outputOf(Dataset<Row> items) {
            return items.withColumn("draw", rand());
        }
    }

    /**
     * Careless in six ways: shuffles its output (declared streaming by its contract), throws a
     * NullPointerException on a null name, its contract expects a price it does not write, it writes a
     * banner row to target {@code banner} even from an empty backup, it leaves option {@code verbose}
     * undocumented, and its version changes with every call (so no rerun is {@code UP_TO_DATE}).
     */
    public static final class Careless extends Good {
        private static final StructType BANNER = new StructType().add("connector", DataTypes.StringType);

        @Override
        public String name() {
            return "contract-careless";
        }

        @Override
        public String version() {
            return "1." + System.nanoTime();
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(super.options().get(0), OptionSpec.bool("verbose").defaultValue("false"));
        }

        @Override
        List<TargetTable> declaredTargets() {
            return List.of(TargetTable.of("items", declared()), TargetTable.of("banner", BANNER));
        }

        @Override
        Map<String, Dataset<Row>> outputs(Dataset<Row> items) {
            return Map.of("items", outputOf(items), "banner",
                    items.sparkSession().createDataFrame(List.of(RowFactory.create(name())), BANNER));
        }

        @Override
        Dataset<Row> outputOf(Dataset<Row> items) {
            return items.filter((org.apache.spark.api.java.function.FilterFunction<Row>) row -> !row.getString(1).isEmpty())
                    .repartition(2);
        }
    }

    /** Writes the items streamed to target {@code items}, and shuffled (a repartition) to target {@code spread}. */
    public static final class Shuffled extends Good {
        @Override
        public String name() {
            return "contract-shuffled";
        }

        @Override
        List<TargetTable> declaredTargets() {
            return List.of(TargetTable.of("items", declared()), TargetTable.of("spread", declared()));
        }

        @Override
        Map<String, Dataset<Row>> outputs(Dataset<Row> items) {
            return Map.of("items", items, "spread", items.repartition(2));
        }
    }

    /** Reads option {@code currency}, which it does not declare. */
    public static final class UndeclaredOption extends Good {
        @Override
        public String name() {
            return "contract-undeclared-option";
        }

        @Override
        public Connector create(ConnectorOptions options, ConnectorContext context) {
            options.string("currency");
            return super.create(options, context);
        }
    }

    /** Has no version, and declares option {@code mode} a string with a number's validator, which its default breaks. */
    public static final class InvalidDefault extends Good {
        @Override
        public String name() {
            return "contract-invalid-default";
        }

        @Override
        public String version() {
            return " ";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(super.options().get(0), OptionSpec.string("mode").defaultValue("fast")
                    .validator(OptionSpec.Validator.atLeast(1)).documentation("how fast"));
        }
    }
}
