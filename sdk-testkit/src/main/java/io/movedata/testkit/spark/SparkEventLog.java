package io.movedata.testkit.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a Spark event log (one JSON event per line, uncompressed): where the application's tasks ran. */
public final class SparkEventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkEventLog() {}

    /**
     * One task attempt that ended.
     *
     * @param stageId its stage
     * @param stageScopes the names of its stage's operator scopes, e.g. {@code BatchScan <table>} for a
     *     data source read, {@code WholeStageCodegen (1)}
     * @param index its partition's index in the stage
     * @param executorId the executor that ran it
     * @param host that executor's host
     * @param reason Spark's end reason: {@code Success}, {@code ExecutorLostFailure}, ...
     */
    public record TaskEnd(int stageId, Set<String> stageScopes, int index, String executorId, String host, String reason) {
        public boolean succeeded() {
            return "Success".equals(reason);
        }

        /** Whether its stage has an operator scope named {@code prefix...}. */
        public boolean inStageWith(String scopePrefix) {
            return stageScopes.stream().anyMatch(scope -> scope.startsWith(scopePrefix));
        }
    }

    /** Every {@code SparkListenerTaskEnd} of {@code log}, in order. */
    public static List<TaskEnd> taskEnds(Path log) throws IOException {
        Map<Integer, Set<String>> scopes = new HashMap<>();
        List<TaskEnd> ends = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = JSON.readTree(line);
                switch (event.path("Event").asText()) {
                    case "SparkListenerStageSubmitted" -> {
                        JsonNode stage = event.path("Stage Info");
                        Set<String> names = scopes.computeIfAbsent(stage.path("Stage ID").asInt(), id -> new LinkedHashSet<>());
                        for (JsonNode rdd : stage.path("RDD Info")) {
                            // The scope is itself JSON, in a string: {"id":"3","name":"BatchScan ..."}.
                            names.add(JSON.readTree(rdd.path("Scope").asText("{}")).path("name").asText());
                        }
                    }
                    case "SparkListenerTaskEnd" -> {
                        int stageId = event.path("Stage ID").asInt();
                        JsonNode info = event.path("Task Info");
                        ends.add(new TaskEnd(stageId, Set.copyOf(scopes.getOrDefault(stageId, Set.of())), info.path("Index").asInt(),
                                info.path("Executor ID").asText(), info.path("Host").asText(),
                                event.path("Task End Reason").path("Reason").asText()));
                    }
                    default -> {
                        // other events say nothing of where tasks ran
                    }
                }
            }
        }
        return ends;
    }
}
