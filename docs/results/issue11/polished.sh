#!/usr/bin/env bash
# Ships and evaluates the polished rule (docs/results.md, Issue 11, "Refining the discovered rule"):
# after `refine.sh conf/discovery-mnist14-polish.conf`, picks among polish-candidates.json (0 = the
# discovered rule, then the polish run's hall of fame) the candidate with the best worst accuracy over
# 15, 50, 200 and 1,000 steps on the MNIST VALIDATION split (polish-selection.csv, query batch 128), the
# rule rerun.sh's selection uses; writes it with provenance to conf/genomes/discovery-mnist14-polished.json
# (built from committed files only, so a rerun that selects the same candidate rewrites the same file);
# then scores it on the TEST splits exactly as rerun.sh scores the discovered rule (same conf and seed,
# so the same replicas as the baselines of eval-discovery.csv; 5 replicas, query batch 1, MNIST and
# Fashion-MNIST 14x14) and rewrites tables.md. Writes into docs/results/issue11/:
#   polish-ranking.md                      the validation ranking (select.py, as rerun.sh's selection)
#   eval-polished.{md,csv}, curve-polished-*.png
#   tables.md                              (tables.py, now with the polished rule's rows and checks)
# Wall time on 2 cores: about 1 min. Fetches the datasets first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
CONF=conf/discovery-mnist14-inductive.conf
SHIPPED=conf/genomes/discovery-mnist14-polished.json
[ -d data/mnist ] && [ -d data/fashion-mnist ] || deploy/bin/blur data fetch
python3 "$OUT/select.py" "$OUT/polish-selection.csv" "$OUT/polish-ranking.md" "$OUT/polish-candidates.json" \
  "$OUT/polish-metrics.csv" "$SHIPPED" '{
  "run": "generations 0-{generation} ({evaluations} evaluations), {wall:.0f} s wall on this 2-core machine, after the discovery run (conf/genomes/discovery-mnist14-inductive.json: 1845 s)",
  "start": "CMA-ES mean at conf/genomes/discovery-mnist14-inductive.json, itself discovered from random genomes only; no hand-made genome",
  "selection": "candidate {index} of docs/results/issue11/polish-candidates.json (0 = the discovered rule, then the hall of fame), best worst-step-count accuracy over 15/50/200/1000 steps on the MNIST 14x14 VALIDATION split (3 replicas, 2,560 images each, synapse limit 1000 applied): {score:.4f} (docs/results/issue11/polish-selection.csv). No test split and no Fashion-MNIST data were read."}' \
  --not-candidate-0
rm -rf runs/issue11-eval-polished
deploy/bin/blur eval "$CONF" --genome "$SHIPPED" --task mnist:14 --task fashion-mnist:14 --steps 15,50,200,1000 \
  --query-batch 1 --replicas 5 --set inner-loop.query-batches=20 --no-baselines --out runs/issue11-eval-polished
cp runs/issue11-eval-polished/results.md "$OUT/eval-polished.md"
cp runs/issue11-eval-polished/results.csv "$OUT/eval-polished.csv"
rm -f "$OUT"/curve-polished-*.png
for png in runs/issue11-eval-polished/curve-*.png; do
  cp "$png" "$OUT/curve-polished-$(basename "$png" | sed 's/^curve-//')"
done
python3 "$OUT/tables.py" "$OUT" > /dev/null
echo "results in $OUT (tables and must-show checks: $OUT/tables.md)"
