#!/usr/bin/env bash
# Where the steps-ranked runs' candidates run away (docs/results.md, Issue 11, "A shared genome"): traces
# every candidate of docs/results/issue11/PREFIX-candidates.json for 1,000 learning steps with
# `blur trace` (the experiment's network, synapse limit 1000 and seed 2026, replica 0, on the MNIST 14x14
# meta-train task: VALIDATION queries; no test split is read) and records, per candidate, the first step
# whose synapses passed the limit (or NaN/Inf), or "none", the query accuracy after the step before (or
# after step 1,000), and the largest mean |value| of a synapse block (F or G of one layer) at the end.
#   docs/results/issue11/runaway.sh [PREFIX ...]    (default: shared-precise-steps shared-precise-steps-seed2027
#                                                    shared-precise-steps-projected shared-polish-projected;
#                                                    about 10 min on 2 cores)
# Writes docs/results/issue11/runaway-PREFIX.csv.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=docs/results/issue11
CONF=conf/discovery-mnist14-shared-precise-steps.conf
[ -d data/mnist ] || deploy/bin/blur data fetch
PREFIXES=("$@")
[ ${#PREFIXES[@]} -gt 0 ] || PREFIXES=(shared-precise-steps shared-precise-steps-seed2027 shared-precise-steps-projected shared-polish-projected)
for prefix in "${PREFIXES[@]}"; do
  dir="runs/issue11-runaway-$prefix"
  rm -rf "$dir"
  mkdir -p "$dir"
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["genomes"]))' "$OUT/$prefix-candidates.json")
  for ((i = 0; i < n; i++)); do
    python3 - "$OUT/$prefix-candidates.json" "$i" "$dir/genome-$i.json" <<'PY'
import json, sys
population = json.load(open(sys.argv[1]))
population["genomes"] = [population["genomes"][int(sys.argv[2])]]
json.dump(population, open(sys.argv[3], "w"))
PY
    deploy/bin/blur trace "$CONF" --genome "$dir/genome-$i.json" --steps 1000 --out "$dir/trace-$i" > /dev/null
  done
  python3 - "$dir" "$n" "$OUT/runaway-$prefix.csv" <<'PY'
import ast, csv, glob, json, struct, sys
dir, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def mean_abs(path):
    """Mean |value| of a little-endian float .npy array (blur trace's format), read without numpy."""
    data = open(path, "rb").read()
    header_len = struct.unpack("<H", data[8:10])[0]
    header = ast.literal_eval(data[10:10 + header_len].decode("latin1"))
    code = {"<f8": "d", "<f4": "f"}[header["descr"]]
    values = struct.unpack("<%d%s" % ((len(data) - 10 - header_len) // struct.calcsize(code), code),
                           data[10 + header_len:])
    return sum(abs(v) for v in values) / len(values)


with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["candidate", "stopped_at_step", "accuracy_before", "largest_block_mean_abs_at_end"])
    for i in range(n):
        t = json.load(open("%s/trace-%d/trace.json" % (dir, i)))
        acc = t["queryAccuracy"]  # before any step, then after steps 1, 2, ... while the unroll lasted
        # the synapse blocks (every layer's F, and G) as the trace left them: after step 1,000, or
        # after the step that stopped it
        blocks = sorted(glob.glob("%s/trace-%d/F*_final.npy" % (dir, i)) + glob.glob("%s/trace-%d/G*_final.npy" % (dir, i)))
        w.writerow([i, len(acc) if t["diverged"] else "none", "%.4f" % acc[-1],
                    "%.4g" % max(mean_abs(b) for b in blocks)])
PY
  cat "$OUT/runaway-$prefix.csv"
done
