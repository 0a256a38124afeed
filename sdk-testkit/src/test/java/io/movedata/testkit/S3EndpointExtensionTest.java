package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3EndpointExtensionTest {
    @RegisterExtension
    static final S3EndpointExtension CLASS_WIDE = new S3EndpointExtension();

    @RegisterExtension
    final S3EndpointExtension perMethod = S3EndpointExtension.withBuckets("per-method");

    private static S3Endpoint seen;

    @Test
    void aStaticFieldRunsOneEndpointForTheClass() {
        if (seen != null) {
            assertThat(CLASS_WIDE.endpoint()).isSameAs(seen);
        }
        seen = CLASS_WIDE.endpoint();
        assertThat(perMethod.endpoint()).isNotSameAs(CLASS_WIDE.endpoint());
    }

    @Test
    void anInstanceFieldRunsOneEndpointPerTest() {
        aStaticFieldRunsOneEndpointForTheClass();
        try (var store = perMethod.openStore("per-method")) {
            store.put("x", new byte[] {1});
            assertThat(store.stat("x")).isPresent();
        }
    }

    @Nested
    class Inner {
        @Test
        void nestedClassesShareTheOuterEndpoint() {
            aStaticFieldRunsOneEndpointForTheClass();
            assertThat(CLASS_WIDE.endpoint().port()).isPositive();
        }
    }

    @Test
    void stillRunningAfterTheNestedClass() {
        aStaticFieldRunsOneEndpointForTheClass();
    }
}
