#!/usr/bin/env bash
# Float against double on real tasks (docs/performance.md, "Float arithmetic for the elementwise work"):
# three shipped rules scored on the MNIST and Fashion-MNIST 14x14 TEST splits in each precision
# (inner-loop.precision = float, float_elementwise and double), on the same replicas (seed 2026, 5
# replicas, as docs/results/issue11/tables.md): the best stable rule (K = 2, support statistics, query
# batch 1) and the K = 4 shared rule at 15, 50, 200 and 1,000 steps; the transductive paper-ES rule
# (batch statistics, query batch 128) at 15 and 50 steps (it diverges later).
#   docs/results/precision/agreement.sh      (about 10 minutes on 2 cores)
# Writes docs/results/precision/agreement.csv (every score, the precision in the first column) and
# agreement.md (agreement.py: each cell in the three precisions and the largest differences).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/precision
[ -d data/mnist ] && [ -d data/fashion-mnist ] || deploy/bin/blur data fetch
csv="$OUT/agreement.csv"
first=yes
score() { # genome-name steps query-batch precision
  local name=$1 steps=$2 qb=$3 precision=$4
  local conf=conf/$name.conf genome=conf/genomes/$name.json run=runs/precision-$name-$precision
  rm -rf "$run"
  deploy/bin/blur eval "$conf" --genome "$genome" --task mnist:14 --task fashion-mnist:14 --steps "$steps" \
    --query-batch "$qb" --replicas 5 --set inner-loop.query-batches=20 --set seed=2026 \
    --set inner-loop.precision="$precision" --no-baselines --out "$run"
  if [ "$first" = yes ]; then
    sed -n '1s/^/precision,genome,/p' "$run/results.csv" >"$csv"
    first=no
  fi
  sed -n "2,\$s|^|$precision,$genome,|p" "$run/results.csv" >>"$csv"
}
for precision in float float_elementwise double; do
  score discovery-mnist14-shared-polish-wide2-projected 15,50,200,1000 1 "$precision"
  score discovery-mnist14-shared-k4 15,50,200,1000 1 "$precision"
  score paper-es-mnist14-actnorm 15,50 128 "$precision"
done
python3 "$OUT/agreement.py" "$csv" >"$OUT/agreement.md"
echo "results in $OUT/agreement.md"
