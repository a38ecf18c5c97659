#!/usr/bin/env bash
# Refinement of the discovered rule, and what it does to long horizons (docs/results.md, Issue 11,
# "Refining the discovered rule"): runs one refinement conf (meta-gradient or CMA-ES), starting from the
# genome its evolution.initial-population.files names (the discovered rule,
# conf/genomes/discovery-mnist14-inductive.json, or the polished one), then scores that starting genome
# (candidate 0) and the run's hall of fame (candidates 1-10) on the MNIST 14x14 VALIDATION split at 15,
# 50, 200 and 1,000 steps (3 replicas, query batch 128, 20 query batches, the discovery conf's synapse
# limit), as rerun.sh's selection does. No test split is read.
#   docs/results/issue11/refine.sh [CONF]
#     conf/discovery-mnist14-refine.conf (default): 400 Adam meta-steps on the loss after 15 learning
#       steps; about 12 min on 2 cores. Writes the prefix "refine".
#     conf/discovery-mnist14-refine-horizons.conf: meta-steps 0-100 on the mean loss after 15, 50 and
#       200 learning steps of one unroll; about 32 min. Writes the prefix "refine-horizons".
#     conf/discovery-mnist14-refine-penalty.conf, conf/discovery-mnist14-refine-penalty-strong.conf: the
#       15-step refinement with the synapse penalty 0.05 or 0.5 in the meta-loss; about 12 min each.
#       Write the prefixes "refine-penalty" and "refine-penalty-strong".
#     conf/discovery-mnist14-refine-horizons-penalty.conf: the horizons refinement with the synapse
#       penalty 0.05; about 30 min. Writes the prefix "refine-horizons-penalty".
#     conf/discovery-mnist14-refine-polished-horizons-penalty.conf: the horizons refinement with the
#       synapse penalty 0.1, started from the polished rule; about 30 min. Writes the prefix
#       "refine-polished-horizons-penalty".
#     conf/discovery-mnist14-polish.conf: CMA-ES generations 0-45 around the discovered rule, fitness
#       the worst accuracy at 15, 50, 200 and 1,000 steps; about 51 min. Writes the prefix "polish".
# Writes into docs/results/issue11/ (PREFIX from the conf's name, less "discovery-mnist14-"):
#   PREFIX-metrics.csv                      the refinement run's metrics
#   PREFIX-selection.{md,csv}               the validation scores of the 11 candidates
#   PREFIX-summary.md                       one row per candidate and the run's first and last steps
#   PREFIX-candidates.json                  the 11 candidates (start, then the hall of fame)
# Fetches the datasets first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
CONF=${1:-conf/discovery-mnist14-refine.conf}
NAME=$(basename "$CONF" .conf)
PREFIX=${NAME#discovery-mnist14-}
RUN=runs/$NAME
SEL=runs/issue11-$PREFIX-selection
START=$(sed -n 's/.*initial-population\.files *= *\[ *\(genomes\/[^] ]*\) *\].*/conf\/\1/p' "$CONF")
[ -f "$START" ] || { echo "refine.sh: $CONF names no initial genome file under conf/genomes" >&2; exit 2; }
[ -d data/mnist ] || deploy/bin/blur data fetch
rm -rf "$RUN" "$SEL"
deploy/bin/blur evolve "$CONF"
cp "$RUN/metrics.csv" "$OUT/$PREFIX-metrics.csv"
python3 - "$RUN" "$OUT/$PREFIX-candidates.json" "$START" <<'PY'
import json, sys
run, out, start_file = sys.argv[1:4]
start = json.load(open(start_file))
fame = json.load(open(run + "/hall-of-fame.json"))["genomes"]
json.dump({"format": "blur-population", "version": 1, "genomes": [start] + fame}, open(out, "w"), indent=1)
PY
deploy/bin/blur eval conf/discovery-mnist14-inductive.conf --genome "$OUT/$PREFIX-candidates.json" \
  --task mnist:14 --split validation --steps 15,50,200,1000 --no-baselines --replicas 3 --query-batch 128 \
  --set inner-loop.query-batches=20 --out "$SEL"
cp "$SEL/results.md" "$OUT/$PREFIX-selection.md"
cp "$SEL/results.csv" "$OUT/$PREFIX-selection.csv"
python3 - "$OUT" "$PREFIX" "$START" <<'PY'
import csv, sys
out, prefix, start_file = sys.argv[1:4]
cells = {}
for r in csv.DictReader(open(out + "/" + prefix + "-selection.csv")):
    if r["query"] == "qb=128":
        cells.setdefault(int(r["method"].split()[-1]), {})[int(r["steps"])] = (float(r["mean_accuracy"]), r["diverged"], r["replicas"])
lines = ["| candidate | 15 steps | 50 steps | 200 steps | 1,000 steps |", "|---|---|---|---|---|"]
for c in sorted(cells):
    name = "0 (start: %s)" % start_file if c == 0 else "%d (hall of fame)" % c
    lines.append("| %s | %s |" % (name, " | ".join("%.4f (%s/%s diverged)" % cells[c][s] for s in (15, 50, 200, 1000))))
rows = list(csv.DictReader(open(out + "/" + prefix + "-metrics.csv")))
def mean(part, key):  # over the cells that hold a number (a diverged meta-step leaves its loss and growth empty)
    values = [float(r[key]) for r in part if r[key] != ""]
    return sum(values) / len(values) if values else float("nan")
if "meta_loss" in rows[0]:
    growth = "synapse_growth" in rows[0]
    lines += ["", "| meta-steps | mean query accuracy of the meta-steps (validation images, mean over the horizons) | mean meta-loss | largest gradient norm |"
              + (" mean synapse growth ln(P_T/P_1) |" if growth else ""), "|---|---|---|---|" + ("---|" if growth else "")]
    for name, part in (("first 25", rows[:25]), ("last 25", rows[-25:])):
        lines.append("| %s | %.4f | %.4f | %.3f |" % (name, mean(part, "best"), mean(part, "meta_loss"),
                                                 max([float(r["gradient_norm"]) for r in part if r["gradient_norm"] != ""], default=float("nan")))
                     + (" %.3f |" % mean(part, "synapse_growth") if growth else ""))
else:
    lines += ["", "| generations | mean of the generations' best fitness (validation images, worst over the horizons) | mean of the generations' mean fitness | diverged genomes |",
              "|---|---|---|---|"]
    for name, part in (("first 10", rows[:10]), ("last 10", rows[-10:])):
        lines.append("| %s | %.4f | %.4f | %d |" % (name, mean(part, "best"), mean(part, "mean"),
                                               sum(int(r["diverged"]) for r in part)))
lines.append("")
lines.append("Wall time of the run: %.0f s (generations 0-%s)." % (float(rows[-1]["wall_seconds"]), rows[-1]["generation"]))
open(out + "/" + prefix + "-summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "results in $OUT/$PREFIX-summary.md"
