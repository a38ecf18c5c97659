#!/usr/bin/env python3
"""Writes docs/results/issue11/tables.md from eval-discovery.csv, eval-actnorm.csv and, when present,
eval-polished.csv and eval-shared*.csv (rerun.sh, polished.sh and shared.sh call it): per task, test
accuracy at every step count for the discovered rule and each of those, the shipped transductive
genome (query batch 1, 128 and class-sorted batches of 128) and the tuned baselines (query batch 1, from eval-discovery.csv: the same replicas), then
the issue's must-show checks for each inductive rule, computed from the same rows; and the same tables
into docs/results.md (Issue 11 section), replacing the block the last run put there."""
import csv, os, sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
STEPS = ["15", "50", "200", "1000"]
BASELINES = ["sgd", "momentum", "adam", "sgd+bn(support)", "momentum+bn(support)", "adam+bn(support)"]


def rows(name):
    return list(csv.DictReader(open(os.path.join(out, name))))


def index(rs):
    d = {}
    for r in rs:
        d[(r["task"], r["steps"], r["method"], r["query"])] = r
    return d


disc, act = index(rows("eval-discovery.csv")), index(rows("eval-actnorm.csv"))
RULES = [("discovered rule (inductive)", disc)]
for name, label in (("polished", "polished rule"), ("shared", "shared-genome rule"),
                    ("shared-gradual", "shared-genome rule, gradual curriculum"),
                    ("shared-seed2027", "shared-genome rule, seed 2027"),
                    ("shared-k4", "shared-genome rule, K = 4"),
                    ("shared-precise", "shared-genome rule, 3x8 query batches"),
                    ("shared-precise-h50", "shared-genome rule, 3x8 query batches, 50 steps from the start"),
                    ("shared-precise-steps", "shared-genome rule, 3x8 query batches, diverged ranked by steps"),
                    ("shared-precise-steps-seed2027", "shared-genome rule, diverged ranked by steps, seed 2027"),
                    ("shared-precise-steps-projected", "shared-genome rule, diverged ranked by steps, growth projected"),
                    ("shared-polish-projected", "shared-genome rule, seed 2027 candidate polished with growth projected"),
                    ("shared-polish-projected-seed2030", "shared-genome rule, seed 2027 candidate polished with growth projected, seed 2030"),
                    ("shared-polish2-projected", "shared-genome rule, seed 2030 polish polished again (seed 2031)"),
                    ("shared-polish-wide-projected", "shared-genome rule, seed 2030 polish polished with population 32"),
                    ("shared-polish-wide2-projected", "shared-genome rule, population-32 polish continued (seed 2033)"),
                    ("shared-polish-wide-direct-projected", "shared-genome rule, seed 2027 candidate polished with population 32"),
                    ("shared-multistate", "shared-genome rule, multi-state synapses"),
                    ("shared-multistate-polish", "shared-genome rule, multi-state synapses, polished with growth projected")):
    if os.path.exists(os.path.join(out, "eval-%s.csv" % name)):
        RULES.append(("%s (inductive)" % label, index(rows("eval-%s.csv" % name))))
tasks = sorted({k[0] for k in disc}, key=lambda t: (not t.startswith("mnist"), t))


def cell(r):
    if r is None:
        return "not run"
    n, d = int(r["replicas"]), int(r["diverged"])
    if d == n:
        return "diverged %d/%d" % (d, n)
    s = "%.4f ± %.4f" % (float(r["mean_accuracy"]), float(r["std"]))
    return s + (" (%d/%d diverged, counted as 0)" % (d, n) if d else "")


def acc(r):
    return float(r["mean_accuracy"]) if r is not None else float("nan")


lines = []
checks = {}
for t in tasks:
    lines += ["", "### %s, test split" % t, "", "| method | query | " + " | ".join("%s steps" % s for s in STEPS) + " |",
              "|---|---|" + "---|" * len(STEPS)]
    for label, src in RULES + [("shipped genome (transductive)", act)]:
        for q in ("qb=1", "qb=128", "qb=128 class-sorted"):
            lines.append("| %s | %s | %s |" % (label, q, " | ".join(cell(src.get((t, s, "BLUR genome", q))) for s in STEPS)))
    for b in BASELINES:
        cells = []
        for s in STEPS:
            r = disc.get((t, s, b, "qb=1"))
            cells.append(cell(r) + (" (lr %s)" % r["setting"].split("=")[1] if r is not None else ""))
        lines.append("| %s | qb=1 | %s |" % (b, " | ".join(cells)))
    best = {s: max((disc.get((t, s, b, "qb=1")) for b in BASELINES if disc.get((t, s, b, "qb=1"))),
                   key=acc, default=None) for s in STEPS}
    for label, src in RULES:
        rule = {s: src.get((t, s, "BLUR genome", "qb=1")) for s in STEPS}
        gap = max(abs(acc(rule[s]) - acc(src.get((t, s, "BLUR genome", q)))) for s in STEPS
                  for q in ("qb=128", "qb=128 class-sorted") if rule[s] is not None)
        checks[(label, t)] = (rule, best, gap)

m = next(t for t in tasks if t.startswith("mnist"))
f = next((t for t in tasks if t.startswith("fashion")), None)
verdict = lambda ok: "**holds**" if ok else "**fails**"


def not_below(r, base):
    """(measured, verdict) of "r not below base": a step count with a diverged replica fails, whatever its mean."""
    if r is None or base is None:
        return "not run", verdict(False)
    if int(r["diverged"]) or int(base["diverged"]):
        return "%s vs %s" % (cell(r), cell(base)), verdict(False)
    return "%.4f vs %.4f" % (acc(r), acc(base)), verdict(acc(r) >= acc(base))


lines += ["", "### Must-show checks (computed from the rows above)", "", "| target | rule | measured | verdict |",
          "|---|---|---|---|"]
for label, _ in RULES:
    name = label.split(" (")[0]
    rule, best, gap = checks[(label, m)]
    mine = [c for (l, _), c in checks.items() if l == label]
    # a replica that diverges stays diverged at every later step count: per task, the most at any step count
    diverged = sum(max((int(c[0][s]["diverged"]) for s in STEPS if c[0][s] is not None), default=0) for c in mine)
    lines.append("| ≥ 0.85 on MNIST after 15 steps (qb=1) | %s | %.4f | %s |" % (name, acc(rule["15"]), verdict(acc(rule["15"]) >= 0.85)))
    for s in ("15", "50"):
        lines.append("| above the best tuned baseline at %s steps | %s | rule %.4f, best baseline %s %.4f | %s |"
                     % (s, name, acc(rule[s]), best[s]["method"], acc(best[s]), verdict(acc(rule[s]) > acc(best[s]))))
    lines.append("| never diverges up to 1,000 steps (any task, any replica) | %s | %d diverged replica(s), both tasks | %s |"
                 % (name, diverged, verdict(diverged == 0)))
    for s in ("200", "1000"):
        lines.append("| accuracy at %s steps not below accuracy at 50 | %s | %s | %s |" % ((s, name) + not_below(rule[s], rule["50"])))
    if f:
        fr = checks[(label, f)][0]
        lines.append("| ≥ 0.74 on Fashion-MNIST after 15 steps | %s | %.4f | %s |" % (name, acc(fr["15"]), verdict(acc(fr["15"]) >= 0.74)))
        # the issue states "not below 50" for the rule, not for MNIST alone: held to it on the unseen task too
        for s in ("200", "1000"):
            lines.append("| Fashion-MNIST accuracy at %s steps not below accuracy at 50 | %s | %s | %s |"
                         % ((s, name) + not_below(fr[s], fr["50"])))
    worst_gap = max(c[2] for c in mine)
    lines.append("| query batch 1 within 0.01 of query batch 128 and of class-sorted batches | %s | largest gap %.4f | %s |"
                 % (name, worst_gap, verdict(worst_gap <= 0.01)))
text = "\n".join(lines).lstrip() + "\n"
open(os.path.join(out, "tables.md"), "w").write(text)
# The same tables in docs/results.md, one heading level down, between the MNIST table's heading and the
# curve links that follow the checks.
page = os.path.join(out, "..", "..", "results.md")
if os.path.exists(page):
    doc = open(page).read()
    start, end = "#### " + tasks[0] + ", test split", "\nCurves (every step count, query batch 1):"
    if start not in doc or end not in doc:
        sys.exit("tables.py: %s has no '%s' ... '%s' block to replace" % (page, start, end.strip()))
    a, b = doc.index(start), doc.index(end)
    open(page, "w").write(doc[:a] + text.replace("### ", "#### ") + doc[b:])
print("\n".join(lines))
