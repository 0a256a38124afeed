package io.movedata.cli;

import java.nio.file.Path;

/**
 * The repository root the {@code *IT} classes run {@code bin/movedata} and the bundle from. They run
 * only in the cli module's {@code distribution-tests} execution, which sets {@code movedata.root}
 * after {@code package}; without it they fail rather than skip, so a broken wiring cannot pass.
 */
final class LauncherRoot {
    private LauncherRoot() {}

    static Path get() {
        String root = System.getProperty("movedata.root");
        if (root == null) {
            throw new IllegalStateException("System property movedata.root is not set: *IT classes run in the cli "
                    + "module's distribution-tests execution (mvn verify), after package built the distribution");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }
}
