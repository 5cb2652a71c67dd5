package org.backtriage.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;

/**
 * The job's account, kept by Spark accumulators: records read from the inputs, and what was handed to
 * the writer for them (error records, among them those of records a rule failed on). Spark merges each task's updates once, from the attempt that succeeded, so a
 * retried task is not counted twice.
 */
record JobCounters(LongAccumulator recordsIn, LongAccumulator assessments, LongAccumulator errors,
                   LongAccumulator ruleFailures) implements Serializable {

    static JobCounters register(SparkSession spark) {
        return new JobCounters(spark.sparkContext().longAccumulator("backtriage records in"),
                spark.sparkContext().longAccumulator("backtriage assessments"),
                spark.sparkContext().longAccumulator("backtriage errors"),
                spark.sparkContext().longAccumulator("backtriage rule failures"));
    }
}
