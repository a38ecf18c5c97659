#!/usr/bin/env bash
# How much of the best stable rules' 15-step MNIST accuracy is the draw of replicas (docs/results.md,
# "A shared genome", the continued wide polish): the three latest growth-projected polishes scored on the MNIST
# 14x14 TEST split at 15 and 50 steps, query batch 1, with 10 replicas drawn from seed 2027 instead of
# the 5 from seed 2026 that every row of tables.md uses (other synapse inits, support and query batches).
#   docs/results/issue11/reseed.sh       (under a minute on 2 cores)
# Writes docs/results/issue11/reseed.csv (one block of rows per rule, its genome file in the first column).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
[ -d data/mnist ] || deploy/bin/blur data fetch
csv="$OUT/reseed.csv"
first=yes
for name in shared-polish-projected-seed2030 shared-polish-wide-projected shared-polish-wide2-projected; do
  rm -rf "runs/issue11-reseed-$name"
  deploy/bin/blur eval "conf/discovery-mnist14-$name.conf" --genome "conf/genomes/discovery-mnist14-$name.json" \
    --task mnist:14 --steps 15,50 --query-batch 1 --replicas 10 --set inner-loop.query-batches=20 \
    --set seed=2027 --no-baselines --out "runs/issue11-reseed-$name"
  if [ "$first" = yes ]; then
    sed -n '1s/^/genome,/p' "runs/issue11-reseed-$name/results.csv" >"$csv"
    first=no
  fi
  sed -n "2,\$s|^|conf/genomes/discovery-mnist14-$name.json,|p" "runs/issue11-reseed-$name/results.csv" >>"$csv"
done
echo "results in $csv"
