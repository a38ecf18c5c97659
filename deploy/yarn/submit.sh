#!/usr/bin/env bash
# submit.sh: run `blur evolve` on YARN (a template: adjust queue, executors and paths).
#   deploy/yarn/submit.sh EXPERIMENT.conf [blur evolve options, e.g. --set k=v, --ship-data]
# Client mode keeps the driver, and so the run folder and its checkpoints, on this machine. Data:
# set data-root (or a task's path) to an hdfs:// or s3a:// folder holding `blur data fetch`'s
# folders, or add --ship-data to send the local ones with the application.
# Security: YARN creates the shared secret itself when spark.authenticate=true.
# Environment: SPARK_SUBMIT (spark-submit), YARN_QUEUE (default), EXECUTORS (8).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
usage() { sed -n '2,/^[^#]/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac
CONF="$1"; shift
[ -f "$CONF" ] || { echo "submit.sh: $CONF: experiment file not found" >&2; exit 2; }
exec "${SPARK_SUBMIT:-spark-submit}" --master yarn --deploy-mode client \
  --queue "${YARN_QUEUE:-default}" \
  --num-executors "${EXECUTORS:-8}" --executor-cores 1 --executor-memory 2g \
  --conf spark.executor.memoryOverhead=1g \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.authenticate=true --conf spark.network.crypto.enabled=true \
  --class org.blurevolve.driver.cli.BlurCli "$ROOT/deploy/target/blur-evolve-app.jar" \
  evolve "$CONF" "$@"
