package ${package};

import java.util.Arrays;
import java.util.Locale;

import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

import io.movedata.api.NamedUdf;

/**
 * The SQL function {@code item_code(item)}: an item's name as a code, upper case with its words joined
 * by '-' ({@code "blue mug (large)"} is {@code BLUE-MUG-LARGE}); null for null. The runtime registers it in the
 * movement's session, so the connector's plan and users' queries can call it.
 */
final class ItemCode implements UDF1<String, String> {
    static final String NAME = "item_code";

    static final NamedUdf UDF = NamedUdf.of(NAME, new ItemCode(), DataTypes.StringType,
            "an item's name as a code: upper case, words joined by '-'");

    private static final long serialVersionUID = 1L;

    @Override
    public String call(String item) {
        if (item == null) {
            return null;
        }
        String[] words = item.toUpperCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        return String.join("-", Arrays.stream(words).filter(word -> !word.isEmpty()).toList());
    }
}
