#!/usr/bin/env python3
"""Writes the candidates of a CMA-ES discovery run as one genome population file (rerun.sh and shared.sh
call it): the CMA-ES mean of the run's last checkpoint, then the run's hall of fame, in that order, so
candidate 0 is the mean and candidates 1.. the hall.

  candidates.py RUN_DIR OUT_JSON"""
import glob, json, sys

run, out = sys.argv[1], sys.argv[2]
checkpoint = json.load(open(sorted(glob.glob(run + "/checkpoints/checkpoint-*.json"))[-1]))
fame = json.load(open(run + "/hall-of-fame.json"))
first = fame["genomes"][0]
mean = {k: first[k] for k in ("format", "version", "k", "blocks", "scalars")}
mean["genes"] = checkpoint["strategy"]["mean"]
mean["provenance"] = {"what": "CMA-ES mean after generation %d" % checkpoint["generation"]}
json.dump({"format": "blur-population", "version": 1, "genomes": [mean] + fame["genomes"]},
          open(out, "w"), indent=1)
