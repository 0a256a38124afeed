package io.movedata.runtime.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkCoresTest {

    @Test
    void theConfiguredCoresComeFromCoresMaxOrExecutorsTimesTheirCores() {
        assertThat(SparkCores.configured(new SparkConf(false))).isZero();
        assertThat(SparkCores.configured(new SparkConf(false).set("spark.cores.max", "24")
                .set("spark.executor.instances", "100"))).isEqualTo(24);
        assertThat(SparkCores.configured(new SparkConf(false).set("spark.executor.instances", "10")
                .set("spark.executor.cores", "4"))).isEqualTo(40);
        assertThat(SparkCores.configured(new SparkConf(false).set("spark.executor.instances", "10"))).isEqualTo(10);
    }

    @Test
    void withDynamicAllocationTheCeilingCountsUnlessItIsUnbounded() {
        SparkConf dynamic = new SparkConf(false).set("spark.dynamicAllocation.enabled", "true").set("spark.executor.cores", "2");
        assertThat(SparkCores.configured(dynamic.clone().set("spark.dynamicAllocation.maxExecutors", "50"))).isEqualTo(100);
        assertThat(SparkCores.configured(dynamic.clone().set("spark.executor.instances", "10"))).isZero();
        assertThat(SparkCores.configured(dynamic.clone().set("spark.dynamicAllocation.maxExecutors",
                Integer.toString(Integer.MAX_VALUE)))).isZero();
    }
}
