/** The timeseries connector (issue 14): being built. */
package io.movedata.connector.timeseries;
