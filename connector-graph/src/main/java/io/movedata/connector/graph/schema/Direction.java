package io.movedata.connector.graph.schema;

/** How an edge mapping's edges are read: with a direction, or without one. */
public enum Direction {
    /** From the source to the target: A to B and B to A are two edges. */
    UNIDIRECTIONAL,
    /** Without a direction: A to B and B to A are one edge, written once in canonical order. */
    BIDIRECTIONAL
}
