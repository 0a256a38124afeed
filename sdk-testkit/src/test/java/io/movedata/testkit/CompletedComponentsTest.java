package io.movedata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletedComponentsTest {
    @TempDir
    Path dir;

    @Test
    void onlySSTableComponentsPresentWhenRecordedAreComplete() throws Exception {
        Path data = Files.writeString(dir.resolve("oa-1-big-Data.db"), "rows");
        Path statistics = Files.writeString(dir.resolve("oa-1-big-Statistics.db"), "stats");
        Files.writeString(dir.resolve("oa_txn_write_1.log"), "txn");
        Files.writeString(dir.resolve("oa-2-big-Data.db.tmp"), "in progress");
        CompletedComponents completed = new CompletedComponents();

        completed.record("node1", List.of(dir, dir.resolve("missing")));
        Files.writeString(dir.resolve("oa-3-big-Data.db"), "a writer still open");

        assertThat(completed.in(dir)).containsExactly(data, statistics);
        assertThat(completed.below(dir)).containsExactly(data, statistics);
        assertThat(completed.in(dir.resolve("missing"))).isEmpty();
        // MD5 of "rows"
        assertThat(completed.md5(data)).isEqualTo("df347a373b8f92aa0ae3dd920a5ec2f6");
    }

    @Test
    void aComponentRewrittenAfterItWasCompleteIsAnError() throws Exception {
        Path data = Files.writeString(dir.resolve("oa-1-big-Data.db"), "rows");
        CompletedComponents completed = new CompletedComponents();
        completed.record("node1", List.of(dir));

        Files.writeString(data, "other rows");

        assertThatThrownBy(() -> completed.record("node1", List.of(dir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SSTable component " + data + " was rewritten after it was complete (two writers produced the "
                        + "same SSTable name on node node1)");
    }

    @Test
    void aComponentThatDisappearedIsAnError() throws Exception {
        Path data = Files.writeString(dir.resolve("oa-1-big-Data.db"), "rows");
        CompletedComponents completed = new CompletedComponents();
        completed.record("node1", List.of(dir));
        completed.checkNoneDisappeared();

        Files.delete(data);

        assertThatThrownBy(completed::checkNoneDisappeared)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SSTable component " + data + " disappeared");
    }
}
