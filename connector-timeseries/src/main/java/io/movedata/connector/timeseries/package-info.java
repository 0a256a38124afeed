/**
 * The {@code timeseries} connector: the events of a time-series namespace, stored in time slices
 * (one Cassandra table each, listed in a slices table), moved into Iceberg per partition without a
 * shuffle, incrementally by slice (docs/connectors/timeseries.md).
 */
package io.movedata.connector.timeseries;
