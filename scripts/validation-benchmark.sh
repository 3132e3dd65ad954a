#!/usr/bin/env bash
# The validation benchmark: live testbed runs on this machine against servesim's predictions, over
# the scenarios of experiments/validation/*.ini (open and closed loop, three image classes, one and
# two DNNs). Prints each point's error table and a summary, and stores runs and comparisons in the
# results database. Run it on an otherwise idle machine; it takes about 40 minutes.
#
# It first re-calibrates this machine (cpu alone, cpu beside a busy core, brokers) into a cost
# database next to the results and predicts with it (validate --costs), as one profiles a host
# right before a capacity test: on a shared VM the same kernel's time moves by 5-15% between
# hours (calib/testbed/README.md), which a table measured on another day cannot know.
# SERVESIM_SHIPPED_TABLES=1 skips that and predicts with the shipped tables (calib/tables).
# Usage: scripts/validation-benchmark.sh [RESULTS_DB [EXPERIMENT.ini...]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-$root/validation-results.db}"
shift || true
experiments=("$@")
if [ ${#experiments[@]} -eq 0 ]; then experiments=("$root"/experiments/validation/*.ini); fi
"$root/scripts/build.sh" >/dev/null
cd "$root"
costs_args=()
if [ "${SERVESIM_SHIPPED_TABLES:-0}" != 1 ]; then
  costs="${db%.db}-costs.db"
  rm -f "$costs"
  models=mobilenetv2,retinaface_mnet025,mobilefacenet  # the models of the live topologies
  echo "== calibrating this machine into $costs"
  ./build/servesim calibrate --backend cpu --device local --models "$models" --db "$costs" >/dev/null
  ./build/servesim calibrate --backend broker --device local --db "$costs" >/dev/null
  ./build/servesim calibrate --backend cpu --device local-corun --corun mobilenetv2 \
    --models "$models" --db "$costs" >/dev/null
  costs_args=(--costs "$costs")
fi
for experiment in "${experiments[@]}"; do
  echo "== $experiment"
  ./build/servesim validate --live --experiment "$experiment" --db "$db" "${costs_args[@]}"
done
echo "== stored in $db (table validations; servesim export --db $db)"
