package io.movedata.runtime.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsistencyTest {

    @Test
    void replicasNeededFollowCassandrasLevels() {
        assertThat(Consistency.ONE.required(3, 3)).isEqualTo(1);
        assertThat(Consistency.TWO.required(3, 3)).isEqualTo(2);
        assertThat(Consistency.QUORUM.required(3, 3)).isEqualTo(2);
        assertThat(Consistency.QUORUM.required(6, 6)).isEqualTo(4);
        assertThat(Consistency.LOCAL_QUORUM.required(3, 3)).isEqualTo(2);
        assertThat(Consistency.ALL.required(5, 5)).isEqualTo(5);
        assertThat(Consistency.LOCAL_ONE.isLocal()).isTrue();
        assertThat(Consistency.QUORUM.isLocal()).isFalse();
    }
}
