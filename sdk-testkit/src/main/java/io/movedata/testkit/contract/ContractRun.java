package io.movedata.testkit.contract;

import org.apache.spark.sql.SparkSession;

/** One contract's fixtures and movements, made when a clause first needs them and shared by the clauses. */
final class ContractRun implements AutoCloseable {
    private final Contract contract;
    private final SparkSession spark;

    ContractRun(Contract contract, SparkSession spark) {
        this.contract = contract;
        this.spark = spark;
    }

    /** Checks one clause, throwing an AssertionError naming it when it does not hold. */
    void check(Clause clause) {
        throw new UnsupportedOperationException("contract clause '" + clause.label() + "' is not implemented yet");
    }

    @Override
    public void close() {}
}
