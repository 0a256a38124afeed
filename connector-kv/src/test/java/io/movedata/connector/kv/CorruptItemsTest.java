package io.movedata.connector.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.movedata.api.ConnectorException;
import io.movedata.testkit.TestConnectorContext;

class CorruptItemsTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @Test
    void aRecordIdWithControlCharactersIsShownInHexSoTheErrorStaysOneLine() {
        assertThatThrownBy(() -> CorruptItems.fail("kv.users").found("a\nb", KEY, "why"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("Corrupt item in namespace kv.users, id '0x610a62', key 'k': why (connector option "
                        + "onCorrupt=skip leaves corrupt items out and counts them)");
    }

    @Test
    void aSkippedItemsSampleShowsItsIdAsTheErrorWould() {
        TestConnectorContext.Samples counted = new TestConnectorContext.Samples();
        CorruptItems skip = CorruptItems.skip("kv.users", counted);

        skip.found("tab\there", KEY, "why");
        skip.found("Héllo", KEY, "why");

        assertThat(counted.samples()).containsExactly("namespace kv.users, id '0x7461620968657265', key 'k': why",
                "namespace kv.users, id 'Héllo', key 'k': why");
    }
}
