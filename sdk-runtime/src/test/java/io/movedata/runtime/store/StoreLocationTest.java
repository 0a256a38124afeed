package io.movedata.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StoreLocationTest {

    @Test
    void s3LocationsKeepBucketPrefixAndSettingsButNeverPrintSecrets() {
        StoreLocation location = StoreLocation.parse("s3://backups/medusa/prod/", Map.of(
                StoreLocation.ENDPOINT, "http://127.0.0.1:9000", StoreLocation.PATH_STYLE, "true",
                StoreLocation.ACCESS_KEY, "AKIA", StoreLocation.SECRET_KEY, "very-secret"));

        assertThat(location.isS3()).isTrue();
        assertThat(location.bucket()).isEqualTo("backups");
        assertThat(location.prefix()).isEqualTo("medusa/prod");
        assertThat(location.keyPrefix()).isEqualTo("medusa/prod/");
        assertThat(location.endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(location.pathStyle()).isTrue();
        assertThat(location).hasToString("s3://backups/medusa/prod");
        assertThat(location.toString()).doesNotContain("very-secret");
    }

    @Test
    void maxAttemptsDefaultsToTenAndMustBeAPositiveNumber() {
        assertThat(StoreLocation.parse("s3://backups", Map.of()).maxAttempts()).isEqualTo(10);
        StoreLocation two = StoreLocation.parse("s3://backups", Map.of(StoreLocation.MAX_ATTEMPTS, " 2 "));
        assertThat(two.maxAttempts()).isEqualTo(2);
        assertThat(two).as("another client").isNotEqualTo(StoreLocation.parse("s3://backups", Map.of()));
        for (String bad : new String[] {"0", "-1", "ten"}) {
            assertThatThrownBy(() -> StoreLocation.parse("s3://backups", Map.of(StoreLocation.MAX_ATTEMPTS, bad)))
                    .isInstanceOf(io.movedata.api.MovedataException.class)
                    .hasMessage("s3.maxAttempts must be a whole number of at least 1, not '" + bad + "'");
        }
    }

    @Test
    void fileLocationsAreAbsoluteDirectoriesWithoutPrefix() {
        StoreLocation location = StoreLocation.parse("file:///var/backups/", Map.of());

        assertThat(location.isS3()).isFalse();
        assertThat(location.bucket()).isEqualTo("/var/backups");
        assertThat(location.keyPrefix()).isEmpty();
        assertThat(location).hasToString("file:///var/backups");
    }

    @Test
    void badLocationsSayWhatIsExpected() {
        assertThatThrownBy(() -> StoreLocation.parse("gs://bucket/x", Map.of()))
                .hasMessageContaining("'gs://bucket/x'")
                .hasMessageContaining("expected s3://bucket/prefix or file:///dir");
        assertThatThrownBy(() -> StoreLocation.parse("s3:///nobucket", Map.of()))
                .hasMessageContaining("has no bucket");
    }

    @Test
    void aFileUriWithAHostSuggestsTheDirectoriesThatMayHaveBeenMeant() {
        String relative = "file://" + Path.of("data/x").toAbsolutePath();

        assertThatThrownBy(() -> StoreLocation.parse("file://data/x", Map.of()))
                .hasMessage("Backup location 'file://data/x' reads 'data' as a host name; a local directory is file:// and "
                        + "an absolute path: file:///data/x, or for the relative path data/x, " + relative);
        assertThatThrownBy(() -> StoreLocation.parse("data/x", Map.of()))
                .hasMessage("Backup location 'data/x' has no scheme; expected s3://bucket/prefix or file:///dir, e.g. "
                        + relative);
        assertThatThrownBy(() -> StoreLocation.parse("file:data/x", Map.of()))
                .hasMessage("Backup location 'file:data/x' is not file:// and an absolute path, such as file:///var/backups");
    }
}
