package io.movedata.runtime.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void settingsNamedAsSecretsAreMaskedTheOthersShown() {
        assertThat(Secrets.masked(Map.of("s3.access-key-id", "AKIA1", "s3.secret-access-key", "sk", "s3.session-token", "st",
                "credential", "id:secret", "token", "t", "password", "p", "accessKey", "a", "warehouse", "s3://lake/wh",
                "uri", "http://127.0.0.1:8181")))
                .containsEntry("s3.access-key-id", "****").containsEntry("s3.secret-access-key", "****")
                .containsEntry("s3.session-token", "****").containsEntry("credential", "****").containsEntry("token", "****")
                .containsEntry("password", "****").containsEntry("accessKey", "****")
                .containsEntry("warehouse", "s3://lake/wh").containsEntry("uri", "http://127.0.0.1:8181");
        assertThat(Secrets.masked(null)).isNull();
    }

    @Test
    void secretValuesAreCutOutOfText() {
        assertThat(Secrets.without("https://x/v1?token=abc123&k=abc123", List.of("abc123", ""))).isEqualTo(
                "https://x/v1?token=****&k=****");
        assertThat(Secrets.without("nothing to hide", List.of("abc123"))).isEqualTo("nothing to hide");
    }
}
