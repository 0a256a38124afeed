package io.movedata.api.signatures;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A copy of sdk-api's sources that a test changes, compiled by javac into a directory of its own and
 * loaded apart from the real sdk-api classes, so the signature check can run on it as the build runs
 * it on the real ones.
 */
final class ChangedSdkApi {
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path PACKAGE = Path.of("io", "movedata", "api");

    private final Path sources;
    private final Path classes;

    private ChangedSdkApi(Path sources, Path classes) {
        this.sources = sources;
        this.classes = classes;
    }

    /** A copy of sdk-api's main sources under {@code directory}, unchanged so far. */
    static ChangedSdkApi copy(Path directory) throws IOException {
        Path sources = directory.resolve("src");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = sources.resolve(SOURCES.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return new ChangedSdkApi(sources, Files.createDirectories(directory.resolve("classes")));
    }

    /** Replaces {@code from}, which must occur once, by {@code to} in a source file of io.movedata.api. */
    ChangedSdkApi replace(String file, String from, String to) throws IOException {
        Path source = source(file);
        String text = Files.readString(source);
        if (text.indexOf(from) < 0 || text.indexOf(from) != text.lastIndexOf(from)) {
            throw new IllegalArgumentException(file + " does not contain '" + from + "' once");
        }
        Files.writeString(source, text.replace(from, to));
        return this;
    }

    /** Writes a source file of io.movedata.api, replacing any there. */
    ChangedSdkApi write(String file, String text) throws IOException {
        Files.writeString(source(file), text);
        return this;
    }

    ChangedSdkApi delete(String file) throws IOException {
        Files.delete(source(file));
        return this;
    }

    private Path source(String file) {
        return sources.resolve(PACKAGE).resolve(file);
    }

    /** Compiles the copy and returns the signature file of what it compiled to. */
    String signatureFile() throws IOException {
        compile();
        try (URLClassLoader loader = new ChangedClassesFirst(classes, getClass().getClassLoader())) {
            return Signatures.of(classes, loader);
        }
    }

    private void compile() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null, UTF_8);
             Stream<Path> files = Files.walk(sources)) {
            List<Path> javaFiles = files.filter(file -> file.toString().endsWith(".java")).toList();
            List<String> options = List.of("--release", "17", "-proc:none", "-d", classes.toString(), "-classpath", classPathWithoutSdkApi());
            if (!javac.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(javaFiles)).call()) {
                throw new IllegalStateException("The changed copy of sdk-api does not compile: " + diagnostics.getDiagnostics());
            }
        }
    }

    /** The test's class path (Spark and the JDK's), without the real sdk-api classes the copy stands in for. */
    private static String classPathWithoutSdkApi() {
        Path real = Path.of("target", "classes").toAbsolutePath();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().equals(real))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Loads the classes compiled from the copy ahead of the real sdk-api classes its parent also sees. */
    private static final class ChangedClassesFirst extends URLClassLoader {
        ChangedClassesFirst(Path classes, ClassLoader parent) {
            super(new URL[] {url(classes)}, parent);
        }

        private static URL url(Path classes) {
            try {
                return classes.toUri().toURL();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null && findResource(name.replace('.', '/') + ".class") != null) {
                    loaded = findClass(name);
                }
                if (loaded == null) {
                    return super.loadClass(name, resolve);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
