#!/usr/bin/env bash
# Meta-gradient refinement of the discovered rule, and what it does to long horizons (docs/results.md,
# Issue 11, "Refining the discovered rule by meta-gradient"): runs conf/discovery-mnist14-refine.conf
# (400 Adam meta-steps at 15 learning steps, from conf/genomes/discovery-mnist14-inductive.json), then
# scores the starting genome (candidate 0) and the run's hall of fame (candidates 1-10) on the MNIST
# 14x14 VALIDATION split at 15, 50, 200 and 1,000 steps (3 replicas, query batch 128, 20 query
# batches, the discovery conf's synapse limit), as rerun.sh's selection does. No test split is read.
# Writes into docs/results/issue11/:
#   refine-metrics.csv                      the refinement run's metrics (meta_loss, gradient_norm)
#   refine-selection.{md,csv}               the validation scores of the 11 candidates
#   refine-summary.md                       one row per candidate and the run's first/last 25 steps
# Wall time on 2 cores: about 12 min. Fetches the datasets first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
RUN=runs/discovery-mnist14-refine
[ -d data/mnist ] || deploy/bin/blur data fetch
rm -rf "$RUN" runs/issue11-refine-selection
deploy/bin/blur evolve conf/discovery-mnist14-refine.conf
cp "$RUN/metrics.csv" "$OUT/refine-metrics.csv"
python3 - "$RUN" runs/issue11-refine-candidates.json <<'PY'
import json, sys
run, out = sys.argv[1:3]
start = json.load(open("conf/genomes/discovery-mnist14-inductive.json"))
fame = json.load(open(run + "/hall-of-fame.json"))["genomes"]
json.dump({"format": "blur-population", "version": 1, "genomes": [start] + fame}, open(out, "w"), indent=1)
PY
deploy/bin/blur eval conf/discovery-mnist14-inductive.conf --genome runs/issue11-refine-candidates.json \
  --task mnist:14 --split validation --steps 15,50,200,1000 --no-baselines --replicas 3 --query-batch 128 \
  --set inner-loop.query-batches=20 --out runs/issue11-refine-selection
cp runs/issue11-refine-selection/results.md "$OUT/refine-selection.md"
cp runs/issue11-refine-selection/results.csv "$OUT/refine-selection.csv"
python3 - "$OUT" <<'PY'
import csv, sys
out = sys.argv[1]
cells = {}
for r in csv.DictReader(open(out + "/refine-selection.csv")):
    if r["query"] == "qb=128":
        cells.setdefault(int(r["method"].split()[-1]), {})[int(r["steps"])] = (float(r["mean_accuracy"]), r["diverged"], r["replicas"])
lines = ["| candidate | 15 steps | 50 steps | 200 steps | 1,000 steps |", "|---|---|---|---|---|"]
for c in sorted(cells):
    name = "0 (the discovered rule, start)" if c == 0 else "%d (hall of fame)" % c
    lines.append("| %s | %s |" % (name, " | ".join("%.4f (%s/%s diverged)" % cells[c][s] for s in (15, 50, 200, 1000))))
rows = list(csv.DictReader(open(out + "/refine-metrics.csv")))
def mean(part, key):
    return sum(float(r[key]) for r in part) / len(part)
lines += ["", "| meta-steps | mean query accuracy of the meta-steps (validation images, 15 steps) | mean meta-loss | largest gradient norm |",
          "|---|---|---|---|"]
for name, part in (("first 25", rows[:25]), ("last 25", rows[-25:])):
    lines.append("| %s | %.4f | %.4f | %.3f |" % (name, mean(part, "best"), mean(part, "meta_loss"),
                                             max(float(r["gradient_norm"]) for r in part)))
lines.append("")
lines.append("Wall time of the refinement run: %.0f s (%s meta-steps)." % (float(rows[-1]["wall_seconds"]), rows[-1]["generation"]))
open(out + "/refine-summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "results in $OUT/refine-summary.md"
