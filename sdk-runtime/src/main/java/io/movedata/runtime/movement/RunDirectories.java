package io.movedata.runtime.movement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.movedata.runtime.iceberg.CatalogSettings;
import io.movedata.runtime.store.WritableDirectory;

/**
 * The local directories a run writes to, checked before it reads a byte: a run that could not
 * write its report, its tables or its scratch files would otherwise read the whole backup first.
 */
public final class RunDirectories {
    /** Where Spark keeps shuffle and spill files; Spark's own order of precedence. */
    private static final String SPARK_LOCAL_DIRS_ENV = "SPARK_LOCAL_DIRS";
    private static final String SPARK_LOCAL_DIR = "spark.local.dir";

    private RunDirectories() {}

    /**
     * Checks the report directory, a local warehouse of the spec's catalog, and the scratch
     * directory where SSTables are fetched and planned ({@code java.io.tmpdir}).
     *
     * @throws SpecException naming each directory that cannot be written, and why
     */
    static void check(MovementSpec spec, CatalogSettings catalog) {
        Map<String, Path> directories = new LinkedHashMap<>();
        directories.put("the report directory (reportDirectory)", Path.of(spec.reportDirectoryOrDefault()));
        String warehouse = catalog.properties().get("warehouse");
        boolean hadoop = "hadoop".equalsIgnoreCase(catalog.properties().get("type"));
        if (hadoop && warehouse != null && (!warehouse.contains("://") || warehouse.startsWith("file:"))) {
            directories.put("the warehouse of catalog '" + catalog.name() + "'", Path.of(warehouse.replaceFirst("^file:(//)?", "")));
        }
        directories.put("the scratch directory for SSTables (java.io.tmpdir)", Path.of(System.getProperty("java.io.tmpdir")));
        require(directories);
    }

    /**
     * Checks the directories a Spark session movedata starts in this JVM will keep its local files
     * in: Spark ends the JVM (exit 53) when it can create none of them.
     *
     * @param settings the spec's Spark settings, or null
     * @throws SpecException naming each directory that cannot be written, and why
     */
    public static void checkSparkLocalDirectories(MovementSpec.SparkSettings settings) {
        String configured = System.getenv(SPARK_LOCAL_DIRS_ENV);
        String source = SPARK_LOCAL_DIRS_ENV;
        if (configured == null && settings != null && settings.config() != null) {
            configured = settings.config().get(SPARK_LOCAL_DIR);
            source = "spark.config." + SPARK_LOCAL_DIR;
        }
        if (configured == null) {
            configured = System.getProperty(SPARK_LOCAL_DIR, System.getProperty("java.io.tmpdir"));
            source = System.getProperty(SPARK_LOCAL_DIR) == null ? "java.io.tmpdir" : SPARK_LOCAL_DIR;
        }
        Map<String, Path> directories = new LinkedHashMap<>();
        for (String directory : configured.split(",")) {
            if (!directory.isBlank()) {
                directories.put("Spark's local directory (" + source + ")", Path.of(directory.strip()));
            }
        }
        require(directories);
    }

    private static void require(Map<String, Path> directories) {
        List<String> problems = new ArrayList<>();
        directories.forEach((what, directory) -> WritableDirectory.problem(directory)
                .ifPresent(problem -> problems.add("Cannot write " + what + " " + directory + ": " + problem)));
        if (!problems.isEmpty()) {
            throw new SpecException(String.join("; ", problems) + "; nothing was read");
        }
    }
}
