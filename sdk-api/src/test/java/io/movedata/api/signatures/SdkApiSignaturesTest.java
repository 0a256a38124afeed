package io.movedata.api.signatures;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/**
 * The guard of sdk-api's compatibility: its public surface is the one recorded in
 * {@value Signatures#FILE}. With {@code -Dsignatures.accept} it rewrites the file instead
 * ({@value Signatures#ACCEPT}).
 */
class SdkApiSignaturesTest {

    @Test
    void thePublicSurfaceIsTheOneRecordedInTheSignatureFile() throws Exception {
        String current = Signatures.ofSdkApi();
        if (Boolean.getBoolean("signatures.accept")) {
            Files.createDirectories(Signatures.RECORDED.getParent());
            Files.writeString(Signatures.RECORDED, current);
            return;
        }
        Signatures.differences(Signatures.recorded(), current).ifPresent(message -> fail(message));
    }
}
