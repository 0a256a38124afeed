package io.movedata.runtime.backup;

import java.io.Serializable;
import java.util.List;

/** One node of a backup's token map: its tokens, datacenter, rack and whether it was up. */
public record NodeTopology(String fqdn, List<Long> tokens, boolean up, String rack, String datacenter) implements Serializable {}
