#!/usr/bin/env bash
# The discoveries with a shared genome (docs/results.md, Issue 11, "A shared genome"): the discovery of
# rerun.sh with a shared genome (genome.per-layer = false: one rule block for both layers, 22 genes
# instead of 42), conf/discovery-mnist14-shared.conf (default); that with a gentler horizon curriculum,
# conf/discovery-mnist14-shared-gradual.conf; or with another seed,
# conf/discovery-mnist14-shared-seed2027.conf. Selects the run's genome as rerun.sh does (the CMA-ES
# mean and the hall of fame scored on the MNIST 14x14 VALIDATION split at 15, 50, 200 and 1,000 steps,
# best worst accuracy), ships it only if it diverged in no validation replica (rerun.sh ships what it
# selects), then scores it on the TEST splits, shipped or not, as rerun.sh scores the discovered rule
# (5 replicas, query batch 1, MNIST and Fashion-MNIST 14x14) and rewrites tables.md.
# Both evaluations use seed 2026 whatever the conf's, so every rule and the baselines of
# eval-discovery.csv see the same replicas (synapse inits and batches).
#   docs/results/issue11/shared.sh [--evolve] [CONF]
# Writes into docs/results/issue11/ (PREFIX: the conf's name less "discovery-mnist14-", e.g. "shared"):
#   with --evolve: metrics-PREFIX.csv, fitness-PREFIX.png, PREFIX-candidates.json (the run: 893 s for
#                  the shared conf on 2 cores)
#   PREFIX-selection.{md,csv}, PREFIX-ranking.md   validation scores and ranking of the candidates
#   PREFIX-selected.json                            the selected candidate, with provenance
#   conf/genomes/discovery-mnist14-PREFIX.json      the same, shipped only when it diverged in no
#                                                   validation replica at any step count (else removed)
#   eval-PREFIX.{md,csv}, curve-PREFIX-*.png        test evaluation of the selected candidate, shipped or
#                                                   not (no baselines: eval-discovery.csv's)
#   tables.md                                       (tables.py, with every rule's rows and checks)
# Without --evolve: about 5 min on 2 cores. Fetches the datasets first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
EVOLVE=no
if [ "${1:-}" = "--evolve" ]; then
  EVOLVE=yes
  shift
fi
CONF=${1:-conf/discovery-mnist14-shared.conf}
NAME=$(basename "$CONF" .conf)
PREFIX=${NAME#discovery-mnist14-}
RUN=runs/$NAME
SHIPPED=conf/genomes/$NAME.json
SELECTED=$OUT/$PREFIX-selected.json
[ -f "$CONF" ] || { echo "shared.sh: $CONF: no such conf" >&2; exit 2; }
[ -d data/mnist ] && [ -d data/fashion-mnist ] || deploy/bin/blur data fetch
rm -rf "runs/issue11-$PREFIX-selection" "runs/issue11-eval-$PREFIX"
if [ "$EVOLVE" = yes ]; then
  rm -rf "$RUN"
  deploy/bin/blur evolve "$CONF"
  cp "$RUN/metrics.csv" "$OUT/metrics-$PREFIX.csv"
  cp "$RUN/plots/fitness.png" "$OUT/fitness-$PREFIX.png"
  python3 "$OUT/candidates.py" "$RUN" "$OUT/$PREFIX-candidates.json"
fi
deploy/bin/blur eval "$CONF" --genome "$OUT/$PREFIX-candidates.json" --task mnist:14 --split validation \
  --steps 15,50,200,1000 --no-baselines --replicas 3 --query-batch 128 --set inner-loop.query-batches=20 --set seed=2026 \
  --out "runs/issue11-$PREFIX-selection"
cp "runs/issue11-$PREFIX-selection"/results.md "$OUT/$PREFIX-selection.md"
cp "runs/issue11-$PREFIX-selection"/results.csv "$OUT/$PREFIX-selection.csv"
# Where the CMA-ES mean started: a seeded random genome, or the genome file the conf (or a conf it
# includes) names in evolution.initial-population.files (one line, as these confs write it; relative to
# the conf's folder, as the loader reads it), with that file's own start. Any other mention of the
# initial population stops the script rather than claim a random start.
START=$(python3 - "$CONF" <<'PY'
import json, os, re, sys


def files(conf):
    """The last initial-population.files list set by conf or, before its own lines, its includes."""
    found = None
    for line in open(conf):
        line = line.split("#")[0]
        inc = re.match(r'\s*include\s+"([^"]+)"', line)
        if inc:
            found = files(os.path.join(os.path.dirname(conf), inc.group(1))) or found
        m = re.search(r'initial-population\.files\s*=\s*\[(.*)\]', line)
        if m:
            found = [f.strip().strip('"') for f in m.group(1).split(",") if f.strip()]
        elif "initial-population" in line:
            sys.exit("shared.sh: %s: cannot tell the initial population from %r" % (conf, line.strip()))
    return found


named = files(sys.argv[1])
if not named:
    print("random genomes only: the CMA-ES mean started at a seeded random genome; no hand-made genome")
else:
    parts = []
    for f in named:
        path = os.path.normpath(os.path.join(os.path.dirname(sys.argv[1]), f))
        own = json.load(open(path)).get("provenance", {}).get("start", "not recorded")
        parts.append("%s (whose own start: %s)" % (path, own.replace('"', "'")))
    print("the CMA-ES mean started at " + "; ".join(parts))
PY
)
python3 "$OUT/select.py" "$OUT/$PREFIX-selection.csv" "$OUT/$PREFIX-ranking.md" "$OUT/$PREFIX-candidates.json" \
  "$OUT/metrics-$PREFIX.csv" "$SELECTED" '{
  "experiment": "'"$CONF"'",
  "run": "generations 0-{generation} ({evaluations} evaluations), {wall:.0f} s wall on this 2-core machine",
  "start": "'"$START"'",
  "selection": "candidate {index} of docs/results/issue11/'"$PREFIX"'-candidates.json (0 = the CMA-ES mean, then the hall of fame), best worst-step-count accuracy over 15/50/200/1000 steps on the MNIST 14x14 VALIDATION split (3 replicas, 2,560 images each, the experiment'"'"'s synapse limit applied): {score:.4f} (docs/results/issue11/'"$PREFIX"'-selection.csv). No test split and no Fashion-MNIST data were read."}' \
  --ship-if-stable "$SHIPPED"
deploy/bin/blur eval "$CONF" --genome "$SELECTED" --task mnist:14 --task fashion-mnist:14 --steps 15,50,200,1000 \
  --query-batch 1 --replicas 5 --set inner-loop.query-batches=20 --set seed=2026 --no-baselines --out "runs/issue11-eval-$PREFIX"
cp "runs/issue11-eval-$PREFIX"/results.md "$OUT/eval-$PREFIX.md"
cp "runs/issue11-eval-$PREFIX"/results.csv "$OUT/eval-$PREFIX.csv"
# (the copies overwrite the last run's curves; no glob removal: "shared-*" would match "shared-gradual-*")
for png in "runs/issue11-eval-$PREFIX"/curve-*.png; do
  cp "$png" "$OUT/curve-$PREFIX-$(basename "$png" | sed 's/^curve-//')"
done
python3 "$OUT/tables.py" "$OUT" > /dev/null
echo "results in $OUT (tables and must-show checks: $OUT/tables.md)"
