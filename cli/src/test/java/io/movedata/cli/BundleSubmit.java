package io.movedata.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bundle (target/movedata-bundle.jar) run by {@code SparkSubmit} beside the jars of a Spark
 * distribution only (spark-sql's own dependency tree, resolved apart from this module's:
 * target/spark-classpath.txt), as the cli module's integration-test phase has them.
 */
final class BundleSubmit {
    private BundleSubmit() {}

    static Path bundle() {
        return Path.of(System.getProperty("movedata.bundle"));
    }

    /** The jars of the Spark distribution. */
    static List<Path> sparkJars() throws IOException {
        String classpath = Files.readString(Path.of(System.getProperty("movedata.sparkClasspath")), StandardCharsets.UTF_8).trim();
        return Arrays.stream(classpath.split(File.pathSeparator)).map(Path::of).toList();
    }

    /** The JVM options movedata needs (opens and exports for Spark and cassandra-all), as bin/movedata passes them. */
    static List<String> jvmOpens() {
        return Arrays.asList(System.getProperty("movedata.jvmOpens").trim().split("\\s+"));
    }

    /** {@code spark-submit --master local[2] --class io.movedata.cli.MovedataCli movedata-bundle.jar <args>} in {@code work}. */
    static ChildProcess local(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(jvmOpens());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, sparkJars().stream().map(Path::toString).toList()),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--class", "io.movedata.cli.MovedataCli", bundle().toString()));
        command.addAll(List.of(args));
        return ChildProcess.run(command, work, 180);
    }
}
