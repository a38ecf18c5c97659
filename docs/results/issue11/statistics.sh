#!/usr/bin/env bash
# Whether the inductive rules' plateau comes from their query-time statistics (docs/results.md, Issue 11,
# "Where the plateau comes from"): scores the polished rule on the MNIST and Fashion-MNIST 14x14
# VALIDATION splits at 15, 50, 200 and 1,000 steps (3 replicas, query batch 128, 20 query batches)
# twice: with the support averages it was evolved with, and with activation-normalization-statistics
# = batch, where each query batch is normalised with its own statistics. Learning steps use their own
# batch statistics in both modes (docs/model.md §5), so both score the same trained networks; only the
# queries' normalisation differs. No test split is read.
#   docs/results/issue11/statistics.sh        (about 2 min on 2 cores)
# Writes docs/results/issue11/statistics-support.csv and statistics-batch.csv.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
[ -d data/mnist ] && [ -d data/fashion-mnist ] || deploy/bin/blur data fetch
for mode in support batch; do
  rm -rf "runs/issue11-statistics-$mode"
  deploy/bin/blur eval conf/discovery-mnist14-inductive.conf --genome conf/genomes/discovery-mnist14-polished.json \
    --task mnist:14 --task fashion-mnist:14 --split validation --steps 15,50,200,1000 --no-baselines --replicas 3 \
    --query-batch 128 --set inner-loop.query-batches=20 \
    --set network.stabilizers.activation-normalization-statistics=$mode --out "runs/issue11-statistics-$mode"
  cp "runs/issue11-statistics-$mode/results.csv" "$OUT/statistics-$mode.csv"
done
python3 - "$OUT" <<'PY'
import csv, sys
out = sys.argv[1]
for mode in ("support", "batch"):
    for r in csv.DictReader(open("%s/statistics-%s.csv" % (out, mode))):
        if r["query"] == "qb=128":
            print(mode, r["task"], r["steps"], r["mean_accuracy"], r["diverged"])
PY
