package io.movedata.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ContractSparkTest {
    private static final String PARTITIONS = "spark.sql.shuffle.partitions";

    @Test
    void theDefaultSessionIsUsedAsItIsWhenNoneIsActive() {
        SparkSession session = ContractSpark.session();
        String partitions = session.conf().get(PARTITIONS);
        session.conf().set(PARTITIONS, "7");
        SparkSession.clearActiveSession();
        try {
            assertThat(ContractSpark.session()).isSameAs(session);
            assertThat(session.conf().get(PARTITIONS)).isEqualTo("7");
        } finally {
            session.conf().set(PARTITIONS, partitions);
            SparkSession.setActiveSession(session);
        }
    }
}
