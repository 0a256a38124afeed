package io.movedata.testkit.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.movedata.testkit.net.Ports;

/**
 * A real Spark standalone cluster on this machine, for tests: Spark's own {@code Master} and
 * {@code Worker}s as child JVMs started from the jars of a Spark distribution (a list of jars, e.g.
 * spark-sql's dependency tree; nothing is downloaded), each worker launching its own executor and
 * driver JVMs. The master listens on {@code 127.0.0.1}; worker {@code i} on {@code 127.0.0.<i>}, so
 * an executor's host names its worker. Applications are submitted with {@code SparkSubmit} in a
 * child JVM, in client or cluster deploy mode.
 *
 * <pre>{@code
 * try (SparkStandaloneCluster spark = SparkStandaloneCluster.builder().distribution(jars)
 *         .directory(dir).jvmOptions(opens).start()) {
 *     SparkSubmission run = spark.submit(DeployMode.CLUSTER, bundle, "com.example.Main", Map.of(), List.of("arg"), timeout);
 * }
 * }</pre>
 *
 * <p>Spark finds its jars through {@code SPARK_HOME}: the cluster makes one under its directory
 * whose {@code jars/} holds a symbolic link per distribution jar, and sets
 * {@code SPARK_SCALA_VERSION}, which a real distribution's scripts set and without which a worker
 * cannot build an executor's class path. {@link #close()} stops every process the cluster started,
 * executors and drivers included; a test JVM killed outright takes the daemons with it
 * ({@link DaemonMain}), and they take their executors.
 */
public final class SparkStandaloneCluster implements AutoCloseable {
    /** How a submitted application's driver runs. */
    public enum DeployMode {
        /** In the SparkSubmit JVM, whose exit code is the application's. */
        CLIENT,
        /** In a JVM a worker launches; SparkSubmit waits for it but exits 0 whatever its end. */
        CLUSTER
    }

    /**
     * Spark 4.0's {@code JavaModuleOptions.DEFAULT_MODULE_OPTIONS}. Spark adds them to executors
     * itself, but not to its daemons, nor to a driver submitted in cluster mode through the legacy
     * (non-REST) submission gateway.
     */
    static final List<String> SPARK_MODULE_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    /** Two workers: the least that shows work spread over several executor JVMs and hosts. */
    public static final int WORKERS = 2;
    private static final String MASTER_HOST = "127.0.0.1";
    /**
     * What each worker offers: a cluster-mode driver takes a core and 768 MiB of one worker, and
     * every worker must still have room for an executor.
     */
    private static final int WORKER_CORES = 2;
    private static final String WORKER_MEMORY = "2g";
    private static final String EXECUTOR_MEMORY = "768m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Builder settings;
    private final Path home;
    private final Path daemonClasses;
    private final int masterPort;
    private final int masterUiPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> daemons = new ArrayList<>();
    private final Set<Process> submits = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook = new Thread(this::close, "spark-cluster-stopper");
    private final AtomicInteger submissions = new AtomicInteger();
    private boolean closed;

    private SparkStandaloneCluster(Builder settings) {
        this.settings = settings;
        this.home = settings.directory.resolve("spark-home");
        this.daemonClasses = settings.directory.resolve("daemon-classes");
        Ports ports = new Ports();
        this.masterPort = ports.freeOn(List.of(MASTER_HOST));
        this.masterUiPort = ports.freeOn(List.of(MASTER_HOST));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL applications are submitted to: {@code spark://127.0.0.1:<port>}. */
    public String masterUrl() {
        return "spark://" + MASTER_HOST + ":" + masterPort;
    }

    /** The address worker {@code i} (from 1) and its executors listen on: {@code 127.0.0.<i>}. */
    public static String workerHost(int i) {
        return "127.0.0." + i;
    }

    /** Worker {@code i}'s work directory: {@code <app id>/<executor id>/} and {@code <driver id>/} below it. */
    public Path workerDirectory(int i) {
        return settings.directory.resolve("worker-" + i).resolve("work");
    }

    /** Worker {@code i}'s JVM; its executors and drivers are its children. */
    public ProcessHandle worker(int i) {
        return daemons.get(i).toHandle();
    }

    /**
     * The executor JVMs worker {@code i} runs now: its child processes running Spark's
     * {@code CoarseGrainedExecutorBackend}.
     */
    public List<SparkExecutor> executors(int i) {
        List<SparkExecutor> executors = new ArrayList<>();
        try (Stream<ProcessHandle> children = worker(i).children()) {
            children.forEach(child -> {
                List<String> arguments = List.of(child.info().arguments().orElse(new String[0]));
                if (arguments.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
                    String appId = valueOf(arguments, "--app-id");
                    String id = valueOf(arguments, "--executor-id");
                    executors.add(new SparkExecutor(appId, id, child, workerDirectory(i).resolve(appId).resolve(id)));
                }
            });
        }
        return executors;
    }

    private static String valueOf(List<String> arguments, String option) {
        int at = arguments.indexOf(option);
        if (at < 0 || at + 1 >= arguments.size()) {
            throw new IllegalStateException("An executor's command line has no " + option + ": " + arguments);
        }
        return arguments.get(at + 1);
    }

    /** The master's state as its web UI's {@code /json/} serves it (workers, applications, drivers). */
    public JsonNode masterState() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + MASTER_HOST + ":" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The Spark master's " + request.uri() + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Spark master's " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the Spark master's state", e);
        }
    }

    /**
     * Submits {@code appJar} with {@code SparkSubmit} in a child JVM and waits for its end; in
     * cluster mode, also for the driver's final state on the master.
     *
     * <p>Each submission gets executors of 1 core and 768 MiB, one per worker (so
     * {@code spark.cores.max} is the number of workers), and waits for all of them to register
     * before its first job, so that tasks spread over every worker. Its Spark event log is written
     * to {@link SparkSubmission#eventLogDirectory()}. {@code conf} overrides any of these.
     *
     * @throws IllegalStateException when SparkSubmit has not ended within {@code timeout} (it is killed
     *     with its children)
     */
    public SparkSubmission submit(DeployMode mode, Path appJar, String mainClass, Map<String, String> conf, List<String> args,
                                  Duration timeout) throws IOException, InterruptedException {
        int number = submissions.incrementAndGet();
        Path events = Files.createDirectories(settings.directory.resolve("events").resolve(String.valueOf(number)));
        Path tmp = Files.createDirectories(settings.directory.resolve("tmp"));
        List<String> sparkJvmOptions = new ArrayList<>(settings.jvmOptions);
        sparkJvmOptions.add("-Djava.io.tmpdir=" + tmp);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spark.executor.cores", "1");
        all.put("spark.cores.max", String.valueOf(WORKERS));
        all.put("spark.executor.memory", EXECUTOR_MEMORY);
        all.put("spark.executor.extraJavaOptions", String.join(" ", sparkJvmOptions));
        all.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        all.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
        all.put("spark.eventLog.enabled", "true");
        all.put("spark.eventLog.dir", events.toUri().toString());
        // One plain JSON-lines file (Spark 4.0 rolls and compresses event logs by default).
        all.put("spark.eventLog.rolling.enabled", "false");
        all.put("spark.eventLog.compress", "false");
        all.put("spark.ui.enabled", "false");
        if (mode == DeployMode.CLIENT) {
            all.put("spark.driver.host", MASTER_HOST);
            all.put("spark.driver.bindAddress", MASTER_HOST);
        } else {
            List<String> driverOptions = new ArrayList<>(SPARK_MODULE_OPTIONS);
            driverOptions.addAll(sparkJvmOptions);
            all.put("spark.driver.extraJavaOptions", String.join(" ", driverOptions));
            all.put("spark.driver.cores", "1");
            all.put("spark.driver.memory", EXECUTOR_MEMORY);
            // Without it SparkSubmit returns as soon as the master has accepted the driver.
            all.put("spark.standalone.submit.waitAppCompletion", "true");
        }
        all.putAll(conf);

        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + EXECUTOR_MEMORY));
        command.addAll(settings.jvmOptions);
        // Under DaemonMain too: in client mode SparkSubmit is the driver, and must not outlive a killed test JVM.
        command.addAll(List.of("-cp", sparkClassPath() + File.pathSeparator + daemonClasses, DaemonMain.class.getName(),
                "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl(),
                "--deploy-mode", mode.name().toLowerCase(Locale.ROOT), "--class", mainClass));
        all.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
        command.add(appJar.toAbsolutePath().toString());
        command.addAll(args);

        Set<String> driversBefore = mode == DeployMode.CLUSTER ? driverIds() : Set.of();
        Path out = settings.directory.resolve("submit-" + number + ".out");
        Path err = settings.directory.resolve("submit-" + number + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        sparkEnvironment(builder, MASTER_HOST, tmp);
        Process submit = builder.start();
        submits.add(submit);
        boolean ended;
        try {
            ended = submit.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            submits.remove(submit);
        }
        if (!ended) {
            treeOf(submit).forEach(ProcessHandle::destroyForcibly);
            throw new IllegalStateException("SparkSubmit (" + mode + ") not done after " + timeout + ": " + command
                    + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        Optional<SparkSubmission.Driver> driver = mode == DeployMode.CLUSTER
                ? Optional.of(finishedDriver(driversBefore, Files.readString(err, StandardCharsets.UTF_8)))
                : Optional.empty();
        return new SparkSubmission(submit.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), events, driver);
    }

    private Set<String> driverIds() {
        JsonNode state = masterState();
        Set<String> ids = new HashSet<>();
        for (String field : List.of("activedrivers", "completeddrivers")) {
            state.path(field).forEach(driver -> ids.add(driver.path("id").asText()));
        }
        return ids;
    }

    /**
     * The one driver submitted since {@code before}, once the master lists it among the completed
     * ones (SparkSubmit may return a moment before the master has moved it there).
     */
    private SparkSubmission.Driver finishedDriver(Set<String> before, String submitErr) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            for (JsonNode driver : masterState().path("completeddrivers")) {
                String id = driver.path("id").asText();
                if (!before.contains(id)) {
                    return new SparkSubmission.Driver(id, driver.path("state").asText(), driverDirectory(id));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The master lists no completed driver submitted by this SparkSubmit; its stderr:\n"
                        + submitErr);
            }
            Thread.sleep(200);
        }
    }

    private Path driverDirectory(String driverId) {
        for (int i = 1; i <= WORKERS; i++) {
            Path candidate = workerDirectory(i).resolve(driverId);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No worker's work directory holds driver " + driverId + " (" + settings.directory + ")");
    }

    /**
     * Stops every process of the cluster: workers first (they stop their executors and drivers),
     * then the master and whatever is left, SparkSubmit processes still running included.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and this is the hook running
        }
        // Orphans are re-parented to init and drop out of the tree: take the whole tree before any parent dies.
        List<ProcessHandle> everything = new ArrayList<>();
        for (Process process : submits) {
            everything.addAll(treeOf(process));
        }
        for (Process daemon : daemons) {
            everything.addAll(treeOf(daemon));
        }
        for (int i = 1; i < daemons.size(); i++) {
            daemons.get(i).destroy();
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (int i = 1; i < daemons.size(); i++) {
            awaitExit(daemons.get(i).toHandle(), deadline);
        }
        everything.forEach(ProcessHandle::destroyForcibly);
        long killed = System.nanoTime() + STOP_GRACE.toNanos();
        everything.forEach(process -> awaitExit(process, killed));
    }

    private static List<ProcessHandle> treeOf(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        try (Stream<ProcessHandle> descendants = process.descendants()) {
            descendants.forEach(tree::add);
        }
        return tree;
    }

    private static void awaitExit(ProcessHandle process, long deadlineNanos) {
        try {
            process.onExit().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running: the caller kills it, or it was killed and the kernel is reaping it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SparkStandaloneCluster start() throws IOException, InterruptedException {
        makeHome();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Path tmp = Files.createDirectories(settings.directory.resolve("tmp"));
            daemons.add(startDaemon("master", MASTER_HOST, tmp, List.of("org.apache.spark.deploy.master.Master",
                    "--host", MASTER_HOST, "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUiPort))));
            for (int i = 1; i <= WORKERS; i++) {
                Path local = Files.createDirectories(settings.directory.resolve("worker-" + i).resolve("local"));
                daemons.add(startDaemon("worker-" + i, workerHost(i), local, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", workerHost(i), "--port", "0", "--webui-port", "0", "--cores", String.valueOf(WORKER_CORES),
                        "--memory", WORKER_MEMORY, "--work-dir", Files.createDirectories(workerDirectory(i)).toString(),
                        masterUrl())));
            }
            awaitAliveWorkers();
            return this;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code SPARK_HOME}: {@code jars/} with a link per distribution jar, and {@code conf/log4j2.properties}. */
    private void makeHome() throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path jar : settings.distribution) {
            Path link = jars.resolve(jar.getFileName());
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("Two jars of the distribution are named " + jar.getFileName()
                        + ": one link in " + jars + " cannot stand for both");
            }
            Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        try (InputStream log4j = resource("log4j2.properties")) {
            Files.copy(log4j, conf.resolve("log4j2.properties"));
        }
        Path daemonMain = daemonClasses.resolve(DaemonMain.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(daemonMain.getParent());
        try (InputStream bytes = resource(DaemonMain.class.getSimpleName() + ".class")) {
            Files.copy(bytes, daemonMain);
        }
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(SparkStandaloneCluster.class.getResourceAsStream(name), name);
    }

    private Process startDaemon(String name, String host, Path localDirectory, List<String> mainAndArguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
        command.addAll(SPARK_MODULE_OPTIONS);
        // A taken port fails the start instead of Spark quietly moving to the next one, which /json/ would not be on.
        command.add("-Dspark.port.maxRetries=0");
        command.addAll(List.of("-cp", sparkClassPath() + File.pathSeparator + daemonClasses, DaemonMain.class.getName()));
        command.addAll(mainAndArguments);
        Path log = settings.directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        sparkEnvironment(builder, host, localDirectory);
        // Standard input stays a pipe this JVM holds and never writes: DaemonMain's watchdog.
        return builder.start();
    }

    /** The configuration directory, then every jar of {@code SPARK_HOME/jars} (through the links). */
    private String sparkClassPath() {
        return home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*";
    }

    /** The environment of a daemon or SparkSubmit; a worker's executors and drivers inherit its daemon's. */
    private void sparkEnvironment(ProcessBuilder builder, String host, Path localDirectory) {
        Map<String, String> environment = builder.environment();
        environment.put("SPARK_HOME", home.toString());
        // A distribution's load-spark-env.sh sets it; without it a worker looks for a source build's directories.
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_LOCAL_IP", host);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("SPARK_LOCAL_DIRS", localDirectory.toString());
        environment.remove("SPARK_CONF_DIR");
    }

    private void awaitAliveWorkers() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            for (int i = 0; i < daemons.size(); i++) {
                if (!daemons.get(i).isAlive()) {
                    String name = i == 0 ? "master" : "worker-" + i;
                    throw new IllegalStateException("The Spark " + name + " exited with status " + daemons.get(i).exitValue()
                            + " while the cluster started; last lines of its log:\n" + tail(settings.directory.resolve(name + ".log")));
                }
            }
            int alive = 0;
            try {
                for (JsonNode worker : masterState().path("workers")) {
                    alive += "ALIVE".equals(worker.path("state").asText()) ? 1 : 0;
                }
            } catch (UncheckedIOException e) {
                // the master's web UI is not up yet
            }
            if (alive == WORKERS) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(alive + " of " + WORKERS + " Spark workers alive after "
                        + START_TIMEOUT + "; last lines of the master's log:\n" + tail(settings.directory.resolve("master.log")));
            }
            Thread.sleep(250);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Settings of a cluster; {@link #distribution} and {@link #directory} are required. */
    public static final class Builder {
        private List<Path> distribution;
        private Path directory;
        private List<String> jvmOptions = List.of();

        private Builder() {}

        /** The jars of a Spark distribution (Spark and its dependencies, without the application). */
        public Builder distribution(List<Path> jars) {
            this.distribution = List.copyOf(jars);
            return this;
        }

        /** An empty directory for the cluster's home, logs, work directories and event logs. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** JVM options drivers and executors need beyond Spark's own (the application's opens and exports). */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Starts the master and the workers, and waits until the master has every worker ALIVE. */
        public SparkStandaloneCluster start() throws IOException, InterruptedException {
            Objects.requireNonNull(distribution, "distribution");
            Objects.requireNonNull(directory, "directory");
            Files.createDirectories(directory);
            return new SparkStandaloneCluster(this).start();
        }
    }
}
