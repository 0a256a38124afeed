package io.movedata.connector.misplaced;

import io.movedata.runtime.connector.Connectors;
import io.movedata.testkit.FixtureCluster;

/** A connector class breaking both connector rules of ArchitectureTest, which must catch it. */
public final class RuntimeReachingConnector {
    private RuntimeReachingConnector() {}

    static int knownConnectors() {
        return Connectors.all().size();
    }

    static FixtureCluster.Builder fixture() {
        return FixtureCluster.builder();
    }
}
