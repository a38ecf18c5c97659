#!/usr/bin/env python3
"""Selects and ships a genome (rerun.sh, polished.sh and shared.sh call it): ranks the candidates of a
validation evaluation by their worst accuracy over its step counts at query batch 128 (ties: the lower
candidate number), writes the ranking as a table, and writes the first candidate, with the provenance
given, as the shipped genome file. Built from committed files only, so a rerun that selects the same
candidate rewrites the same file and a changed selection shows in git diff. A candidate that diverged
in any validation replica at any step count is not shipped: the script stops with an error instead.

  select.py SELECTION_CSV RANKING_MD CANDIDATES_JSON METRICS_CSV OUT PROVENANCE_JSON [--not-candidate-0]
            [--ship-if-stable SHIPPED]

PROVENANCE_JSON: entries added to the candidate's provenance; their text may name {index}, {score},
{generation}, {evaluations} and {wall} (the selected candidate, its worst accuracy, and the last row of
the run's metrics). --not-candidate-0: fail when candidate 0 (the starting genome) ranks first.
--ship-if-stable SHIPPED: OUT receives the selected candidate whether or not it diverged (to be scored
all the same), and SHIPPED a copy of it only when it did not (else SHIPPED is removed)."""
import csv, json, os, shutil, sys

selection, ranking, candidates, metrics_csv, shipped, provenance = sys.argv[1:7]
worst = {}
for r in csv.DictReader(open(selection)):
    if r["query"] == "qb=128":
        worst[r["method"]] = min(worst.get(r["method"], 1.0), float(r["mean_accuracy"]))
ranked = sorted(worst.items(), key=lambda kv: (-kv[1], int(kv[0].split()[-1])))
lines = ["| candidate | worst validation accuracy over 15, 50, 200, 1,000 steps |", "|---|---|"]
lines += ["| %s | %.4f |" % kv for kv in ranked]
open(ranking, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
chosen, score = ranked[0]
index = int(chosen.split()[-1])
if index == 0 and "--not-candidate-0" in sys.argv[7:]:
    sys.exit("select.py: candidate 0, the starting genome, ranks first; nothing to ship")
last = list(csv.DictReader(open(metrics_csv)))[-1]
values = {"index": index, "score": score, "generation": last["generation"], "evaluations": last["evaluations"],
          "wall": float(last["wall_seconds"])}
genome = dict(json.load(open(candidates))["genomes"][index])
p = dict(genome.get("provenance", {}))
p.update({k: v.format(**values) for k, v in json.loads(provenance).items()})
genome["provenance"] = p
diverged = sum(int(r["diverged"]) for r in csv.DictReader(open(selection))
               if r["method"] == chosen and r["query"] == "qb=128")
args = sys.argv[7:]
stable_copy = args[args.index("--ship-if-stable") + 1] if "--ship-if-stable" in args else None
if diverged and stable_copy is None:
    sys.exit("select.py: the best candidate, %s, diverged in %d validation replica-step count(s) of %s; "
             "nothing shipped" % (chosen, diverged, selection))
json.dump(genome, open(shipped, "w"), indent=2)
if stable_copy is None:
    print("shipped candidate %d as %s" % (index, shipped))
elif diverged:
    if os.path.exists(stable_copy):
        os.remove(stable_copy)
    print("selected candidate %d (%s); it diverged in %d validation replica-step count(s), so %s is not shipped"
          % (index, shipped, diverged, stable_copy))
else:
    shutil.copyfile(shipped, stable_copy)
    print("selected candidate %d (%s), shipped as %s" % (index, shipped, stable_copy))
