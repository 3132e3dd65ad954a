#!/usr/bin/env bash
# The validation benchmark: live testbed runs on this machine against servesim's predictions, over
# the scenarios of experiments/validation/*.ini (open and closed loop, three image classes, one and
# two DNNs). Prints each point's error table and a summary, and stores runs and comparisons in the
# results database. Takes about 15 minutes; run it on an otherwise idle machine.
# Usage: scripts/validation-benchmark.sh [RESULTS_DB [EXPERIMENT.ini...]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-$root/validation-results.db}"
shift || true
experiments=("$@")
if [ ${#experiments[@]} -eq 0 ]; then experiments=("$root"/experiments/validation/*.ini); fi
"$root/scripts/build.sh" >/dev/null
cd "$root"
for experiment in "${experiments[@]}"; do
  echo "== $experiment"
  ./build/servesim validate --live --experiment "$experiment" --db "$db"
done
echo "== stored in $db (table validations; servesim export --db $db)"
