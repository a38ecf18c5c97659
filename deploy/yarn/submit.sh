#!/usr/bin/env bash
# Submit blur-evolve to YARN (template: adjust queue, executors and paths).
# Client mode keeps the driver, and so the run folder and its checkpoints, on this machine:
#   deploy/yarn/submit.sh conf/paper-es-mnist14.conf
# Data must be readable by every executor at the same path: put `blur data fetch`'s folders on
# storage all nodes mount (NFS, ...) and set data-root (or a task's path) to it.
# Security: YARN creates the shared secret itself when spark.authenticate=true.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CONF="$1"; shift
exec "${SPARK_SUBMIT:-spark-submit}" --master yarn --deploy-mode client \
  --queue "${YARN_QUEUE:-default}" \
  --num-executors "${EXECUTORS:-8}" --executor-cores 1 --executor-memory 2g \
  --conf spark.executor.memoryOverhead=1g \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.authenticate=true --conf spark.network.crypto.enabled=true \
  --class org.blurevolve.driver.cli.BlurCli "$ROOT/deploy/target/blur-evolve-app.jar" \
  evolve "$CONF" "$@"
