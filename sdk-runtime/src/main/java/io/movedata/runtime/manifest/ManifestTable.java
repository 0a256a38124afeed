package io.movedata.runtime.manifest;

import java.util.List;

/** The objects of one table in a node backup's manifest ({@code columnfamily} is {@code <table>-<id>}). */
public record ManifestTable(String keyspace, String table, String tableId, List<ManifestObject> objects) {}
