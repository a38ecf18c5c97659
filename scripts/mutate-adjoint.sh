#!/usr/bin/env bash
# Mutation check of the meta-gradient's adjoint (docs/model.md §9): applies each mutation below, one
# at a time, to a scratch worktree of the committed HEAD and runs the finite-difference test; every
# mutation must make it fail. Prints one line per mutation and a summary; exit 1 if one survives.
#   scripts/mutate-adjoint.sh [FIRST]    (about 1–3 min per mutation on 2 cores; FIRST: start at
#                                         mutation number FIRST, counted from 1)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cleanup() { git -C "$root" worktree remove --force "$work/repo" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
git -C "$root" worktree add --detach "$work/repo" HEAD >/dev/null 2>&1
cd "$work/repo"
src=core/src/main/java/org/blurevolve/gradient
# file | exact text | replacement | what the mutation breaks
mutations=(
  "NeuronActivation.java|stats.meanBar()[stats.at() + j] -= scale|stats.meanBar()[stats.at() + j] += scale|frozen SUPPORT mean adjoint sign"
  "NeuronActivation.java| - xhat[at] * meanGx)|)|batch-norm backward without the variance term"
  "NeuronActivation.java|2.0 * stats.varBar()|1.0 * stats.varBar()|accumulated SUPPORT variance adjoint factor"
  "SynapsePasses.java|xBar[at] += 2.0 * x[at] * colSqBar[j];|xBar[at] += x[at] * colSqBar[j];|Oja column-norm adjoint factor"
  "SynapsePasses.java|rateBar -= g * d * e|rateBar += g * d * e|saturation rate adjoint sign"
  "NeuronPasses.java|g += postBar[top][s.state(top, 1)|g -= postBar[top][s.state(top, 1)|ERROR feedback adjoint sign"
  "NeuronPasses.java|startBar[l + 1][sa] += rule.keep() * zb;|startBar[l + 1][sa] += rule.update() * zb;|kept-neuron adjoint uses η for f"
  "NeuronPasses.java|vBar[at] = rule.keep() * av * zb;|vBar[at] = rule.keep() * zb;|multiplicative backward message adjoint"
  "Mixing.java|? rules.matrix(layer, which, j, c) :|? rules.matrix(layer, which, c, j) :|mixing-matrix gene transposed"
  "SynapseNorm.java|double b = rho * dot / (q * q * q);|double b = rho * dot / (q * q);|synapse normalisation adjoint power"
  "SynapsePasses.java|add(sF, hBar[l]);|java.util.Objects.requireNonNull(sF);|implicit G's adjoint dropped"
  "UnrollAdjoint.java|top[i * (nL + 1) + j] += yBar[i * nL + j];|top[i * (nL + 1) + j] += 0.5 * yBar[i * nL + j];|loss adjoint halved"
  "UnrollAdjoint.java|meanSquaresAdjoint(afterFirst, -settings.synapsePenalty()|meanSquaresAdjoint(afterFirst, settings.synapsePenalty()|synapse penalty: sign of the step-1 term"
  "UnrollAdjoint.java|bar = plus(bar, meanSquaresAdjoint(state, settings.synapsePenalty() / squares));|java.util.Objects.requireNonNull(state);|synapse penalty: step-T term dropped"
)
mvn -B -q -o -pl core test-compile >/dev/null 2>&1
killed=0
survived=0
first=${1:-1}
for m in "${mutations[@]:$((first - 1))}"; do
  IFS='|' read -r file from to what <<<"$m"
  path="$src/$file"
  cp "$path" "$path.orig"
  python3 - "$path" "$from" "$to" <<'PY'
import sys
path, old, new = sys.argv[1:4]
text = open(path).read()
if text.count(old) != 1:
    sys.exit("mutation text found %d times in %s: %s" % (text.count(old), path, old))
open(path, "w").write(text.replace(old, new))
PY
  if mvn -B -q -o -pl core test -Dtest='MetaGradientFiniteDifferenceTest#gradientEquals*+synapsePenalty*' \
      -Dsurefire.failIfNoSpecifiedTests=false >"$work/log" 2>&1; then
    echo "SURVIVED  $what ($file)"
    survived=$((survived + 1))
  else
    failing=$(grep -c "worst relative error" "$work/log" || true)
    echo "killed    $what ($file): $failing failure report line(s)"
    killed=$((killed + 1))
  fi
  mv "$path.orig" "$path"
done
echo "mutations killed: $killed of $((killed + survived))"
[ "$survived" -eq 0 ]
