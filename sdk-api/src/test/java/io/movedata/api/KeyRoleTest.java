package io.movedata.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class KeyRoleTest {
    /** {@code PRIMARY KEY ((tenant, day), seq, id)} with columns declared out of key order, and a metadata column. */
    private static final StructType FRAME = new StructType(new StructField[] {
            field("payload", KeyRole.REGULAR, -1),
            field("day", KeyRole.PARTITION_KEY, 1),
            field("id", KeyRole.CLUSTERING, 1),
            field("tenant", KeyRole.PARTITION_KEY, 0),
            field("seq", KeyRole.CLUSTERING, 0),
            field(MetadataColumns.writetime("payload"), KeyRole.METADATA, -1),
            DataTypes.createStructField("added", DataTypes.StringType, true)});

    @Test
    void partitionKeyAndClusteringColumnsComeInKeyOrder() {
        assertThat(KeyRole.PARTITION_KEY.columns(FRAME)).extracting(StructField::name).containsExactly("tenant", "day");
        assertThat(KeyRole.CLUSTERING.columns(FRAME)).extracting(StructField::name).containsExactly("seq", "id");
    }

    @Test
    void otherRolesComeInTheFramesOrderAndAFieldWithoutARoleHasNone() {
        assertThat(KeyRole.REGULAR.columns(FRAME)).extracting(StructField::name).containsExactly("payload");
        assertThat(KeyRole.METADATA.columns(FRAME)).extracting(StructField::name).containsExactly("_writetime_payload");
        assertThat(KeyRole.of(FRAME.apply("added"))).isEmpty();
        assertThat(KeyRole.of(FRAME.apply("day"))).contains(KeyRole.PARTITION_KEY);
    }

    @Test
    void rolesReadAndWriteTheMetadataValuesConnectorsSee() {
        assertThat(KeyRole.values()).extracting(KeyRole::value)
                .containsExactly("partition_key", "clustering", "static", "regular", "metadata");
        assertThat(KeyRole.of("static")).contains(KeyRole.STATIC);
        assertThat(KeyRole.of("primary")).isEmpty();
    }

    @Test
    void metadataColumnNamesArePrefixedToTheColumn() {
        assertThat(MetadataColumns.ROW_WRITETIME).isEqualTo("_row_writetime");
        assertThat(MetadataColumns.writetime("v")).isEqualTo("_writetime_v");
        assertThat(MetadataColumns.ttl("v")).isEqualTo("_ttl_v");
        assertThat(MetadataColumns.expiry("v")).isEqualTo("_expiry_v");
    }

    private static StructField field(String name, KeyRole role, long position) {
        MetadataBuilder metadata = new MetadataBuilder().putString(ColumnMetadataKeys.KEY_ROLE, role.value());
        if (position >= 0) {
            metadata.putLong(ColumnMetadataKeys.KEY_POSITION, position);
        }
        Metadata built = metadata.build();
        return DataTypes.createStructField(name, DataTypes.StringType, true, built);
    }
}
