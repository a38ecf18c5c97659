#!/usr/bin/env bash
# Reruns the meta-gradient race of docs/results.md ("Meta-gradients from random genomes"): from random
# genomes on 14×14 MNIST (inductive network, T = 15, E = 4, 2 replicas; confs below), the same
# wall-clock budget (BUDGET seconds each, default 480) for CMA-ES alone (λ = 16), meta-gradient descent
# with K = 2 and K = 4 (Adam, learning rate 0.005 instead of the paper's 5e-4 for this short budget,
# T = 15 throughout) and the hybrid (CMA-ES + 5 Adam steps on the mean every 2 generations), each
# in-process on 2 threads, one after the other. Then each run's best genome (chosen by meta-train
# validation fitness) is scored on the MNIST test split: 5 replicas, 15 steps, query batch 1.
# Writes docs/results/gradient/: metrics-<run>.csv, eval-<run>.{md,csv}, race.md (time to 0.80).
#   docs/results/gradient/rerun.sh            (about 4 × BUDGET + 5 min)
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/gradient
BUDGET=${BUDGET:-480}
RUNS=runs/gradient-race
COMMON=(--in-process --set termination.generations=1000000 --set "termination.wall-clock-seconds=$BUDGET"
        --set "output-dir=$RUNS" --set checkpoint.every=50)
FAST_GD=(--set evolution.gradient.learning-rate=0.005 --set evolution.gradient.curriculum.start=15
         --set evolution.gradient.curriculum.every=0 --set evolution.gradient.curriculum.max=15)
run() {
  local name=$1 conf=$2
  shift 2
  rm -rf "${RUNS:?}/$name"
  deploy/bin/blur evolve "$conf" "${COMMON[@]}" --set "name=$name" "$@" | grep -v '^gen '
  cp "$RUNS/$name/metrics.csv" "$OUT/metrics-$name.csv"
}
run cma-es conf/hybrid-mnist14.conf --set evolution.strategy=cma-es
run gradient-k2 conf/paper-gradient-mnist14.conf "${FAST_GD[@]}"
run hybrid-k2 conf/hybrid-mnist14.conf
run gradient-k4 conf/paper-gradient-mnist14-k4.conf "${FAST_GD[@]}"
for name in cma-es gradient-k2 hybrid-k2 gradient-k4; do
  conf=conf/hybrid-mnist14.conf
  [ "$name" = gradient-k2 ] && conf=conf/paper-gradient-mnist14.conf
  [ "$name" = gradient-k4 ] && conf=conf/paper-gradient-mnist14-k4.conf
  rm -rf "${RUNS:?}/eval-$name"
  deploy/bin/blur eval "$conf" --genome "$RUNS/$name/best-genome.json" --task mnist:14 --steps 15 \
    --query-batch 1 --replicas 5 --no-baselines --out "$RUNS/eval-$name"
  cp "$RUNS/eval-$name/results.md" "$OUT/eval-$name.md"
  cp "$RUNS/eval-$name/results.csv" "$OUT/eval-$name.csv"
done
python3 - "$OUT" <<'PY'
import csv, sys, os
out = sys.argv[1]
rows = ["| run | generations (meta-steps) | best validation accuracy | wall s to reach 0.80 |", "|---|---|---|---|"]
for name in ["cma-es", "gradient-k2", "hybrid-k2", "gradient-k4"]:
    with open(os.path.join(out, "metrics-%s.csv" % name)) as f:
        r = list(csv.DictReader(f))
    best = max(float(x["best"]) for x in r if x["best"])
    reach = next((x["wall_seconds"] for x in r if x["best"] and float(x["best"]) >= 0.80), None)
    rows.append("| %s | %d | %.4f | %s |" % (name, len(r) - 1, best,
                "%.0f" % float(reach) if reach else "not reached"))
open(os.path.join(out, "race.md"), "w").write("\n".join(rows) + "\n")
print("\n".join(rows))
PY
