#!/usr/bin/env bash
# Reruns every evaluation behind docs/results.md, section "Issue 11", and copies what they write into
# docs/results/issue11/ (every number of that section is in one of these files):
#   eval-discovery.{md,csv}, curve-discovery-*.png   the discovered rule and the tuned baselines
#   eval-actnorm.{md,csv}, curve-actnorm-*.png       the shipped transductive genome (same replicas)
#   selection.{md,csv}                               the validation scores the discovered genome was chosen by
#   metrics-discovery.csv, fitness-discovery.png     the discovery run (with --evolve only)
# Both evals use the discovery conf's seed (1111, scheme 2), so the two genomes and the baselines see
# identical synapse inits and batches (the baselines of eval-discovery serve both genomes); 20 query
# batches of 128 (2,560 test images per replica); headline query batch 1.
# Usage: docs/results/issue11/rerun.sh [--evolve]
# Wall time on 2 shared cores: about 50 min; --evolve adds the discovery run (about 40 min). The
# candidates file is not rebuilt here: it was made once from the last checkpoint's
# CMA-ES mean and hall-of-fame.json (see the shipped genome's provenance).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
COMMON=(--task mnist:14 --task fashion-mnist:14 --steps 15,50,200,1000 --query-batch 1 --replicas 5
        --set inner-loop.query-batches=20)
if [ "${1:-}" = "--evolve" ]; then
  rm -rf runs/discovery-mnist14-inductive
  deploy/bin/blur evolve conf/discovery-mnist14-inductive.conf --set termination.generations=70
  deploy/bin/blur resume runs/discovery-mnist14-inductive --generations 110
  cp runs/discovery-mnist14-inductive/metrics.csv "$OUT/metrics-discovery.csv"
  cp runs/discovery-mnist14-inductive/plots/fitness.png "$OUT/fitness-discovery.png"
fi
deploy/bin/blur eval conf/discovery-mnist14-inductive.conf --genome "$OUT/discovery-candidates.json" --task mnist:14 \
  --split validation --steps 15,50,200 --no-baselines --replicas 3 --query-batch 128 \
  --set inner-loop.query-batches=20 --out runs/issue11-selection
deploy/bin/blur eval conf/discovery-mnist14-inductive.conf --genome conf/genomes/discovery-mnist14-inductive.json \
  "${COMMON[@]}" --baseline-steps 15,50,200 --out runs/issue11-eval-discovery
deploy/bin/blur eval conf/paper-es-mnist14-actnorm.conf --genome conf/genomes/paper-es-mnist14-actnorm.json \
  "${COMMON[@]}" --set seed=1111 --set seed-scheme=2 --no-baselines --out runs/issue11-eval-actnorm
cp runs/issue11-selection/results.md "$OUT/selection.md"
cp runs/issue11-selection/results.csv "$OUT/selection.csv"
for run in discovery actnorm; do
  cp "runs/issue11-eval-$run/results.md" "$OUT/eval-$run.md"
  cp "runs/issue11-eval-$run/results.csv" "$OUT/eval-$run.csv"
  for png in runs/issue11-eval-$run/curve-*.png; do
    cp "$png" "$OUT/curve-$run-$(basename "$png" | sed 's/^curve-//')"
  done
done
echo "results in $OUT"
