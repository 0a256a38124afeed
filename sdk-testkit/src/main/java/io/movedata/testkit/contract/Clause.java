package io.movedata.testkit.contract;

/** The clauses of a connector's contract, each a test of its own; what each checks: docs/contract-tests.md. */
enum Clause {
    DISCOVERY("discovery"),
    OPTIONS("options"),
    SCHEMAS("schemas"),
    DETERMINISM("determinism"),
    EDGE_DATA("edge data"),
    STREAMING("streaming"),
    EXPECTED_ROWS("expected rows");

    private final String label;

    Clause(String label) {
        this.label = label;
    }

    /** The name a failure starts with. */
    String label() {
        return label;
    }
}
