/** The graph connector (issue 14): being built. */
package io.movedata.connector.graph;
