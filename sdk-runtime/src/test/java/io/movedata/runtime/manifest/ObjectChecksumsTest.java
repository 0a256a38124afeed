package io.movedata.runtime.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which values Medusa writes into a manifest's MD5 field can be checked, and as what hex MD5. */
class ObjectChecksumsTest {
    /** MD5 of "hello\n", as S3's ETag of a single-part upload and as Google's or Azure's base64 MD5. */
    private static final String HEX = "b1946ac92492d2347c6235b4d2611184";
    private static final String BASE64 = "sZRqySSS0jR8YjW00mERhA==";

    @Test
    void aHexMd5IsCheckedInLowerCase() {
        assertThat(ObjectChecksums.plainMd5(HEX.toUpperCase())).contains(HEX);
    }

    @Test
    void aBase64Md5IsCheckedAsItsHex() {
        assertThat(ObjectChecksums.plainMd5(BASE64)).contains(HEX);
        assertThat(ObjectChecksums.plainMd5(BASE64 + "\n")).contains(HEX);
    }

    @Test
    void multipartEtagsEmptyValuesAndOtherTextAreNotMd5s() {
        assertThat(ObjectChecksums.plainMd5(HEX + "-3")).isEmpty();
        assertThat(ObjectChecksums.plainMd5("")).isEmpty();
        assertThat(ObjectChecksums.plainMd5(null)).isEmpty();
        assertThat(ObjectChecksums.plainMd5("no-md5-hash")).isEmpty();
        assertThat(ObjectChecksums.plainMd5("c2hvcnQ=")).isEmpty();
    }
}
