#!/usr/bin/env bash
# Runs the Spark job on a real standalone Spark cluster on this machine, and checks it against evaluate.
#
#   scripts/spark-cluster.sh [RECORDS]      (default 20000 synthetic records, plus the NDJSON and CSV fixtures)
#
# One master and two workers (one core each) on loopback, started from Spark's own classes
# (org.apache.spark.deploy.master.Master, ...worker.Worker) out of the jars Maven resolves
# (target/spark-home, see spark-env.sh); the job is submitted with org.apache.spark.deploy.SparkSubmit.
# Then `evaluate` runs on the same files, and the assessments and error records of both are compared
# line for line (sorted: the job's output is not in input order). The cluster is stopped at the end,
# also on failure. Exit 0 only when both give the same records and the job's account adds up.
set -euo pipefail
source "$(dirname "$0")/spark-env.sh"
cd "$PROJECT_DIR"
RECORDS="${1:-20000}"

ensure_spark_home
if [ ! -f target/backtriage.jar ] || [ ! -f target/backtriage-spark.jar ]; then
  mvn -B -q package -DskipTests
fi
WORK="$(mktemp -d /tmp/backtriage-spark-cluster.XXXXXX)"
PIDS=()
stop_cluster() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  local running=0
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      running=$((running + 1))
    fi
  done
  echo "cluster stopped: ${#PIDS[@]} processes started, $running still running; logs and outputs in $WORK"
}
trap stop_cluster EXIT

# waits until FILE has a line matching PATTERN (at most 120 s)
wait_for() {
  local file="$1" pattern="$2"
  for _ in $(seq 1 240); do
    if grep -q "$pattern" "$file" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "gave up waiting for '$pattern' in $file" >&2
  tail -20 "$file" >&2
  return 1
}

echo "== input"
java -jar target/backtriage.jar bench --records "$RECORDS" --generate "$WORK/synthetic.ndjson"
INPUTS=(fixtures/clinic-b.ndjson fixtures/clinic-c.csv "$WORK/synthetic.ndjson")

echo "== cluster: one master, two workers on 127.0.0.1"
# port 0: the master picks a free port and logs it
"${SPARK_JAVA[@]}" -Xmx256m org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 --webui-port 0 \
  > "$WORK/master.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/master.log" "Starting Spark master at spark://"
MASTER="$(grep -o 'spark://127.0.0.1:[0-9]*' "$WORK/master.log" | head -1)"
echo "master: $MASTER"
for n in 1 2; do
  mkdir -p "$WORK/worker-$n"
  "${SPARK_JAVA[@]}" -Xmx256m org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
    --cores 1 --memory 1g --work-dir "$WORK/worker-$n" "$MASTER" > "$WORK/worker-$n.log" 2>&1 &
  PIDS+=($!)
done
wait_for "$WORK/worker-1.log" "Successfully registered with master"
wait_for "$WORK/worker-2.log" "Successfully registered with master"
echo "workers: $(grep -c 'Registering worker' "$WORK/master.log") registered"

echo "== spark-submit"
set +e
"${SPARK_JAVA[@]}" -Xmx512m org.apache.spark.deploy.SparkSubmit --master "$MASTER" --deploy-mode client \
  --conf spark.driver.host=127.0.0.1 --conf spark.executor.memory=768m --conf spark.executor.cores=1 \
  --conf spark.sql.files.maxPartitionBytes=1m --conf spark.ui.enabled=false \
  --class org.backtriage.spark.SparkEvaluateJob target/backtriage-spark.jar \
  --out "$WORK/out" "${INPUTS[@]}" > "$WORK/job.out" 2> "$WORK/job.err"
JOB_EXIT=$?
set -e
cat "$WORK/job.out"
grep "^backtriage:" "$WORK/job.err" || true
echo "job exit code: $JOB_EXIT (1 = some records rejected, as the fixtures hold invalid records on purpose)"
if [ "$JOB_EXIT" -ne 0 ] && [ "$JOB_EXIT" -ne 1 ]; then
  tail -30 "$WORK/job.err" >&2
  exit 1
fi
echo "executors that compiled the rules (one line per executor JVM):"
grep -h "compiled rule set" "$WORK"/worker-*/app-*/*/stderr | sed 's/^/  /'
echo "tasks per executor:"
for n in 1 2; do
  for dir in "$WORK"/worker-$n/app-*/*/; do
    echo "  worker-$n executor $(basename "$dir"): $(grep -c 'Running task' "$dir/stderr" 2>/dev/null || echo '?') tasks logged"
  done
done

echo "== evaluate on the same files"
set +e
java -jar target/backtriage.jar evaluate --quiet --out "$WORK/evaluate.ndjson" "${INPUTS[@]}" 2> "$WORK/evaluate.err"
set -e
cat "$WORK/evaluate.err"

echo "== comparison"
# an error record is the line with top-level "errors" and "location"; everything else is an assessment
jq -c 'select(has("errors") and has("location"))' "$WORK/evaluate.ndjson" | LC_ALL=C sort > "$WORK/expected-errors"
jq -c 'select((has("errors") and has("location")) | not)' "$WORK/evaluate.ndjson" | LC_ALL=C sort > "$WORK/expected-assessments"
cat "$WORK"/out/kind=assessment/part-* 2>/dev/null | jq -c . | LC_ALL=C sort > "$WORK/actual-assessments"
cat "$WORK"/out/kind=error/part-* 2>/dev/null | jq -c . | LC_ALL=C sort > "$WORK/actual-errors"
status=0
for kind in assessments errors; do
  if cmp -s "$WORK/expected-$kind" "$WORK/actual-$kind"; then
    echo "$kind: $(wc -l < "$WORK/actual-$kind") from Spark, $(wc -l < "$WORK/expected-$kind") from evaluate: identical"
  else
    echo "$kind: DIFFERENT ($(wc -l < "$WORK/actual-$kind") from Spark, $(wc -l < "$WORK/expected-$kind") from evaluate)"
    diff "$WORK/expected-$kind" "$WORK/actual-$kind" | head -5
    status=1
  fi
done
records_in="$(sed -n 's/^records in: //p' "$WORK/job.out")"
evaluated="$(wc -l < "$WORK/evaluate.ndjson")"
if [ "$records_in" = "$evaluated" ]; then
  echo "records in: $records_in in both"
else
  echo "records in: $records_in from Spark, $evaluated from evaluate: DIFFERENT"
  status=1
fi
[ "$status" -eq 0 ] && echo "RESULT: the cluster's output is the same as evaluate's" || echo "RESULT: MISMATCH"
exit "$status"
