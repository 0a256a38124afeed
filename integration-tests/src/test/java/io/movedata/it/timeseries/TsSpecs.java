package io.movedata.it.timeseries;

import java.nio.file.Path;
import java.util.Map;

import io.movedata.runtime.movement.MovementSpec;
import io.movedata.runtime.store.StoreLocation;
import io.movedata.testkit.S3EndpointExtension;

/** Specs of {@code timeseries} movements of a backup in the test S3 endpoint, into a hadoop catalog of the test's own. */
final class TsSpecs {
    private final S3EndpointExtension s3;
    private final StoreLocation location;
    private final String catalog;
    private final Path work;

    TsSpecs(S3EndpointExtension s3, StoreLocation location, String catalog, Path work) {
        this.s3 = s3;
        this.location = location;
        this.catalog = catalog;
        this.work = work;
    }

    /**
     * A movement named {@code name} of {@code backup} with connector {@code options} (YAML mapping
     * entries) into tables {@code tables} (a YAML mapping of target to table) of namespace ts.
     */
    MovementSpec spec(String name, String backup, String consistency, String options, String tables) {
        Map<String, String> client = s3.options();
        String yaml = """
                source:
                  location: %s
                  s3: {endpoint: "%s", region: %s, pathStyle: true, accessKey: %s, secretKey: %s}
                  backup: %s
                  consistency: %s
                connector: {name: timeseries, options: {%s}}
                destination:
                  catalog: {name: %s, type: hadoop, warehouse: "%s"}
                  namespace: ts
                  tables: %s
                reportDirectory: "%s"
                """.formatted(location, client.get(StoreLocation.ENDPOINT), client.get(StoreLocation.REGION),
                client.get(StoreLocation.ACCESS_KEY), client.get(StoreLocation.SECRET_KEY), backup, consistency, options, catalog,
                work.resolve("warehouse"), tables, work.resolve("reports"));
        MovementSpec parsed = MovementSpec.parse(yaml, name + ".yaml", variable -> null);
        return new MovementSpec(name, parsed.source(), parsed.connector(), parsed.destination(), parsed.spark(),
                parsed.reportDirectory());
    }

    /** The Iceberg table {@code ts.name} of the test's catalog. */
    String table(String name) {
        return catalog + ".ts." + name;
    }
}
