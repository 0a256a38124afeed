package io.movedata.runtime.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.movedata.runtime.manifest.ManifestObject.Compression;

/** Priam backup V2 keys: what a key says, and errors that name the key and the segment at fault. */
class PriamKeyTest {
    private static final String APP = "backup/6819_cass_test/";
    private static final String TABLE_DIR = "users-5bc52802de2535edaeab188eecebb090";

    @Test
    void anSSTableKeyNamesTokenTimeTableCompressionAndFile() {
        String key = APP + "1808575600/SST_V2/1695340800000/ks1/" + TABLE_DIR + "/SNAPPY/PLAINTEXT/nb-1-big-Data.db";

        PriamKey parsed = PriamKey.parse(key, APP);

        assertThat(parsed).isEqualTo(new PriamKey("1808575600", PriamKey.Type.SST_V2, 1695340800000L, "ks1", TABLE_DIR, null,
                Compression.SNAPPY, PriamKey.Encryption.PLAINTEXT, "nb-1-big-Data.db"));
        assertThat(parsed.key(APP)).isEqualTo(key);
    }

    @Test
    void metaAndSecondaryIndexKeysHaveTheirOwnShapes() {
        String meta = APP + "-42/META_V2/1695340800000/LZ4/PGP/meta_v2_202309220000.json";
        String index = APP + "-42/SECONDARY_INDEX_V2/1695340800000/ks1/" + TABLE_DIR + "/.users_by_name/NONE/PLAINTEXT/nb-2-big-Data.db";

        PriamKey parsedMeta = PriamKey.parse(meta, APP);
        PriamKey parsedIndex = PriamKey.parse(index, APP);

        assertThat(parsedMeta).isEqualTo(new PriamKey("-42", PriamKey.Type.META_V2, 1695340800000L, null, null, null,
                Compression.LZ4, PriamKey.Encryption.PGP, "meta_v2_202309220000.json"));
        assertThat(parsedIndex.indexDirectory()).isEqualTo(".users_by_name");
        assertThat(parsedIndex.compression()).isEqualTo(Compression.NONE);
        assertThat(parsedIndex.key(APP)).isEqualTo(index);
        assertThat(parsedMeta.murmur3Token()).isEqualTo(-42L);
    }

    @Test
    void theApplicationFolderCarriesTheJavaHashOfTheAppName() {
        assertThat(PriamKey.appFolder("cass_test")).isEqualTo("6819_cass_test");
        assertThat(PriamKey.appFolder("orders")).isEqualTo("-331_orders");
        assertThat(PriamKey.appOf("-331_orders")).contains("orders");
        assertThat(PriamKey.appOf("6819_cass_test")).contains("cass_test");
        assertThat(PriamKey.appOf("-330_orders")).isEmpty();
        assertThat(PriamKey.appOf("node1.example.net")).isEmpty();
        assertThat(PriamKey.appOf("12345_cass_test")).isEmpty();
    }

    @Test
    void anUnknownObjectTypeIsNamedWithTheKeyAndTheGrammar() {
        String key = APP + "1808575600/SST/1695340800000/ks1/" + TABLE_DIR + "/SNAPPY/PLAINTEXT/nb-1-big-Data.db";

        assertThatThrownBy(() -> PriamKey.parse(key, APP))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("Key " + key + " does not follow Priam's backup V2 layout " + PriamKey.GRAMMAR)
                .hasMessageEndingWith("object type segment 'SST' is not one of [META_V2, SST_V2, SECONDARY_INDEX_V2]");
    }

    @Test
    void badSegmentsAreEachNamed() {
        assertThatThrownBy(() -> PriamKey.parse(APP + "1/SST_V2/2023-09-22/ks1/" + TABLE_DIR + "/SNAPPY/PLAINTEXT/x-Data.db", APP))
                .hasMessageEndingWith("segment '2023-09-22' should be the file's epoch milliseconds")
                .isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> PriamKey.parse(APP + "1/SST_V2/1695340800000/ks1/" + TABLE_DIR + "/GZIP/PLAINTEXT/x-Data.db", APP))
                .hasMessageEndingWith("compression segment 'GZIP' is not one of [NONE, SNAPPY, LZ4]");
        assertThatThrownBy(() -> PriamKey.parse(APP + "1/SST_V2/1695340800000/ks1/" + TABLE_DIR + "/SNAPPY/AES/x-Data.db", APP))
                .hasMessageEndingWith("encryption segment 'AES' is not one of [PLAINTEXT, PGP]");
        assertThatThrownBy(() -> PriamKey.parse(APP + "1/SECONDARY_INDEX_V2/1695340800000/ks1/" + TABLE_DIR
                + "/users_by_name/SNAPPY/PLAINTEXT/x-Data.db", APP))
                .hasMessageEndingWith("secondary-index folder 'users_by_name' should start with '.'");
    }

    @Test
    void keysWithTheWrongNumberOfSegmentsOrOutsideTheAppAreRefused() {
        assertThatThrownBy(() -> PriamKey.parse(APP + "1/SST_V2/1695340800000/SNAPPY/PLAINTEXT/x-Data.db", APP))
                .hasMessageEndingWith("a SST_V2 key has 8 segments after the application folder, this one 6");
        assertThatThrownBy(() -> PriamKey.parse(APP + "1/META_V2/1695340800000/meta_v2_202309220000.json", APP))
                .hasMessageEndingWith("it has 4 segment(s) after the application folder, at least 6 expected");
        assertThatThrownBy(() -> PriamKey.parse(APP + "1/META_V2/1695340800000//PLAINTEXT/meta.json", APP))
                .hasMessageEndingWith("it has an empty segment");
        assertThatThrownBy(() -> PriamKey.parse("backup/-331_orders/1/META_V2/1/NONE/PLAINTEXT/meta_v2_202309220000.json", APP))
                .hasMessageEndingWith("it is not below the application folder " + APP);
    }

    @Test
    void tokensMustBeMurmur3Tokens() {
        assertThat(PriamKey.murmur3Token("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(PriamKey.murmur3Token("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> PriamKey.murmur3Token("node1"))
                .isInstanceOf(BackupException.class)
                .hasMessage("token folder 'node1' is not a token: expected a Murmur3Partitioner token (a signed 64-bit integer)");
        assertThatThrownBy(() -> PriamKey.murmur3Token("85070591730234615865843651857942052864"))
                .hasMessage("token folder '85070591730234615865843651857942052864' is outside the Murmur3Partitioner range "
                        + "(a signed 64-bit integer): RandomPartitioner clusters are not supported");
        assertThatThrownBy(() -> PriamKey.murmur3Token("-9223372036854775809"))
                .hasMessageContaining("RandomPartitioner clusters are not supported");
    }
}
