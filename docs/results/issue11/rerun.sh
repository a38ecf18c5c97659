#!/usr/bin/env bash
# Reruns every evaluation behind docs/results.md, section "Issue 11", and copies what they write into
# docs/results/issue11/ (every number of that section is in one of these files):
#   selection.{md,csv}                               validation scores of the run's candidates
#   eval-discovery.{md,csv}, curve-discovery-*.png   the discovered rule and the tuned baselines (test)
#   eval-actnorm.{md,csv}, curve-actnorm-*.png       the shipped transductive genome (same replicas)
#   eval-discovery-nolimit.csv                       the discovered rule with no synapse limit
#   selection-ranking.md, tables.md                  the selection ranking (select.py); the results tables and the
#                                                    issue's must-show checks (tables.py, from the CSVs)
#   conf/genomes/discovery-mnist14-inductive.json    the shipped genome: the selected candidate
#   with --evolve also: metrics-discovery.csv, fitness-discovery.png (the discovery run) and
#   discovery-candidates.json (the last checkpoint's CMA-ES mean, then the hall of fame).
# Selection reads validation splits only: the candidate with the best worst-step-count accuracy over
# 15, 50, 200 and 1,000 steps (3 replicas; a diverged replica counts as 0); select.py stops without
# shipping anything when that candidate diverged in any validation replica. Test splits and
# Fashion-MNIST are read only by the evaluations after it. Both test evaluations use the discovery
# conf's seed (2026, scheme 2), so the two genomes and the baselines see identical synapse inits and
# batches; 20 query batches of 128 (2,560 test images per replica); headline query batch 1.
# Usage: docs/results/issue11/rerun.sh [--evolve]
# Wall time on 2 cores: about 30 min; --evolve adds the discovery run (about 31 min). Fetches the
# datasets first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
RUN=runs/discovery-mnist14-inductive
CONF=conf/discovery-mnist14-inductive.conf
SHIPPED=conf/genomes/discovery-mnist14-inductive.json
[ -d data/mnist ] && [ -d data/fashion-mnist ] || deploy/bin/blur data fetch
rm -rf runs/issue11-selection runs/issue11-eval-discovery runs/issue11-eval-actnorm runs/issue11-eval-nolimit
COMMON=(--task mnist:14 --task fashion-mnist:14 --steps 15,50,200,1000 --query-batch 1 --replicas 5
        --set inner-loop.query-batches=20)
if [ "${1:-}" = "--evolve" ]; then
  rm -rf "$RUN"
  deploy/bin/blur evolve "$CONF"
  cp "$RUN/metrics.csv" "$OUT/metrics-discovery.csv"
  cp "$RUN/plots/fitness.png" "$OUT/fitness-discovery.png"
  python3 "$OUT/candidates.py" "$RUN" "$OUT/discovery-candidates.json"
fi
deploy/bin/blur eval "$CONF" --genome "$OUT/discovery-candidates.json" --task mnist:14 --split validation \
  --steps 15,50,200,1000 --no-baselines --replicas 3 --query-batch 128 --set inner-loop.query-batches=20 \
  --out runs/issue11-selection
cp runs/issue11-selection/results.md "$OUT/selection.md"
cp runs/issue11-selection/results.csv "$OUT/selection.csv"
python3 "$OUT/select.py" "$OUT/selection.csv" "$OUT/selection-ranking.md" "$OUT/discovery-candidates.json" \
  "$OUT/metrics-discovery.csv" "$SHIPPED" '{
  "experiment": "conf/discovery-mnist14-inductive.conf",
  "run": "generations 0-{generation} ({evaluations} evaluations), {wall:.0f} s wall on this 2-core machine",
  "start": "random genomes only: the CMA-ES mean started at a seeded random genome; no hand-made genome",
  "selection": "candidate {index} of docs/results/issue11/discovery-candidates.json (0 = the CMA-ES mean, then the hall of fame), best worst-step-count accuracy over 15/50/200/1000 steps on the MNIST 14x14 VALIDATION split (3 replicas, 2,560 images each, the experiment'"'"'s synapse limit applied): {score:.4f} (docs/results/issue11/selection.csv). No test split and no Fashion-MNIST data were read."}'
deploy/bin/blur eval "$CONF" --genome "$SHIPPED" "${COMMON[@]}" --baseline-steps 15,50,200,1000 \
  --out runs/issue11-eval-discovery
# The same genome without the synapse limit (NaN/Inf only), to tell runaway weights from overflow.
deploy/bin/blur eval "$CONF" --genome "$SHIPPED" "${COMMON[@]}" --no-baselines --set fitness.synapse-limit=0 \
  --out runs/issue11-eval-nolimit
cp runs/issue11-eval-nolimit/results.csv "$OUT/eval-discovery-nolimit.csv"
deploy/bin/blur eval conf/paper-es-mnist14-actnorm.conf --genome conf/genomes/paper-es-mnist14-actnorm.json \
  "${COMMON[@]}" --set seed=2026 --set seed-scheme=2 --no-baselines --out runs/issue11-eval-actnorm
for run in discovery actnorm; do
  cp "runs/issue11-eval-$run/results.md" "$OUT/eval-$run.md"
  cp "runs/issue11-eval-$run/results.csv" "$OUT/eval-$run.csv"
  rm -f "$OUT"/curve-"$run"-*.png
  for png in runs/issue11-eval-$run/curve-*.png; do
    cp "$png" "$OUT/curve-$run-$(basename "$png" | sed 's/^curve-//')"
  done
done
python3 "$OUT/tables.py" "$OUT" > /dev/null
echo "results in $OUT (tables and must-show checks: $OUT/tables.md)"
