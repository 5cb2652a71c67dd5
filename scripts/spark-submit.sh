#!/usr/bin/env bash
# spark-submit without a Spark installation: Spark's own SparkSubmit out of the jars Maven resolves
# (target/spark-home). With a Spark 4.x installation, use its bin/spark-submit instead; the arguments
# are the same, e.g.:
#   scripts/spark-submit.sh --master 'local[2]' --class org.backtriage.spark.SparkEvaluateJob \
#       target/backtriage-spark.jar --out /tmp/assessed fixtures/clinic-b.ndjson
set -euo pipefail
source "$(dirname "$0")/spark-env.sh"
ensure_spark_home
exec "${SPARK_JAVA[@]}" ${SPARK_SUBMIT_JAVA_OPTS:-} org.apache.spark.deploy.SparkSubmit "$@"
