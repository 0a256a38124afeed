package io.movedata.runtime.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListedObjectsTest {
    private static final String ROOT = "prod/node2.example.net/";

    @Test
    void keysBelowTheNodesPrefixStayInside() {
        assertThat(ListedObjects.escapes(ROOT + "data/ks/t-1a2b/nb-1-big-Data.db", ROOT)).isFalse();
        assertThat(ListedObjects.escapes(ROOT + "backup-1/data/ks/t-1a2b/.idx/nb-1-big-Data.db", ROOT)).isFalse();
    }

    @Test
    void keysOfAnotherNodeOrThatClimbOutEscape() {
        assertThat(ListedObjects.escapes("prod/node1.example.net/data/ks/t-1a2b/nb-1-big-Data.db", ROOT)).isTrue();
        assertThat(ListedObjects.escapes("prod/node2.example.net.evil/data/x", ROOT)).isTrue();
        assertThat(ListedObjects.escapes(ROOT + "../node1.example.net/data/x", ROOT)).isTrue();
        assertThat(ListedObjects.escapes(ROOT + "data/./x", ROOT)).isTrue();
        assertThat(ListedObjects.escapes(ROOT + "data//x", ROOT)).isTrue();
        assertThat(ListedObjects.escapes(ROOT + "data\\..\\x", ROOT)).isTrue();
        assertThat(ListedObjects.escapes(ROOT, ROOT)).isTrue();
        assertThat(ListedObjects.escapes("other/" + ROOT + "data/x", ROOT)).isTrue();
    }
}
