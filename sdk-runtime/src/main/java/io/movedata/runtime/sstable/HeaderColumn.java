package io.movedata.runtime.sstable;

import java.io.Serializable;

/**
 * A static or regular column as an SSTable's serialization header names it: the columns its cells
 * were written with, whatever the schema says today.
 *
 * @param name the column name
 * @param type cassandra-all's type string of its cells ({@code AbstractType#toString}, parsed back
 *     with {@code TypeParser}); user types carry their fields in it
 * @param isStatic whether it is a static column
 */
public record HeaderColumn(String name, String type, boolean isStatic) implements Serializable {
    String kind() {
        return isStatic ? "static" : "regular";
    }
}
