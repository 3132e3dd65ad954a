#!/usr/bin/env bash
# The validation benchmark: live testbed runs on this machine against servesim's predictions, over
# the scenarios of experiments/validation/*.ini (open and closed loop, three image classes, one and
# two DNNs). Prints each point's error table and a summary, and stores runs and comparisons in the
# results database. Run it on an otherwise idle machine; all files take about 70 minutes.
#
# Before each experiment file it calibrates the file's topology in situ (calibrate --backend
# testbed: every cpu stage timed inside the live server at one, four and sixteen clients, for the file's
# image classes) and predicts the file's points with that table layered over the base tables, as
# one profiles a deployment at two operating points right before a capacity test: on this shared
# VM the same kernel's time moves by 5-20% between hours and runs 5-30% slower inside the server
# than in a kernel loop (docs/findings/2026-11-24-in-situ-calibration.md). The base is the
# shipped tables (calib/tables);
# SERVESIM_CALIBRATE_KERNELS=1 re-measures them first (cpu alone, beside a busy core, brokers).
# SERVESIM_INSITU=0 predicts from the base alone. Every point is also predicted three times more
# (validate --replay): at the warm-up's speed (the same tables, slowed or sped up by one factor,
# the machine's speed over the run's warm-up against them: what a probe right before the
# measured window knows, and nothing of the window itself); at the run's speed (the same tables,
# slowed or sped up window by window as the run's own cpu calls were against them: the drift
# since calibration taken out, the tables' shape and the serving model left in), and replayed
# from the cpu stage calls of its own run and its speed, which leaves the serving model's own
# error (queueing, batching, the co-run rule).
# Each prediction is the mean of SERVESIM_REPLICATIONS (default 5) simulations of the same
# workload with their own service-time draws (validate --replications): one simulation's p50 and
# p99 move by a few percent from draw to draw, enough to turn a pass into a miss on its own.
# Usage: scripts/validation-benchmark.sh [RESULTS_DB [EXPERIMENT.ini...]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db="${1:-$root/validation-results.db}"
shift || true
experiments=("$@")
if [ ${#experiments[@]} -eq 0 ]; then experiments=("$root"/experiments/validation/*.ini); fi
"$root/scripts/build.sh" >/dev/null
cd "$root"
base_args=()
if [ "${SERVESIM_CALIBRATE_KERNELS:-0}" = 1 ]; then
  costs="${db%.db}-costs.db"
  rm -f "$costs"
  models=mobilenetv2,retinaface_mnet025,mobilefacenet  # the models of the live topologies
  echo "== calibrating this machine's kernels into $costs"
  ./build/servesim calibrate --backend cpu --device local --models "$models" --db "$costs" >/dev/null
  ./build/servesim calibrate --backend broker --device local --db "$costs" >/dev/null
  ./build/servesim calibrate --backend cpu --device local-corun --corun mobilenetv2 \
    --models "$models" --db "$costs" >/dev/null
  base_args=(--costs "$costs")
fi
# A key of the file's top section, or the list a [sweep] gives it, comma-separated.
ini_value() {
  sed -n "s/^$2[[:space:]]*=[[:space:]]*//p" "$1" | head -1 | tr -d ' '
}
# In-situ tables made by this invocation, by topology and image classes: a file whose scenario
# was calibrated already (open_loop_small_light.ini after open_loop_small.ini) reuses the table.
declare -A insitu_tables
# Runs stored from here on are this invocation's: the closing count is over them only.
first_run=0
if [ -f "$db" ]; then first_run="$(sqlite3 "$db" "SELECT COALESCE(MAX(run_id), 0) FROM runs")"; fi
for experiment in "${experiments[@]}"; do
  echo "== $experiment"
  costs_args=("${base_args[@]}")
  if [ "${SERVESIM_INSITU:-1}" != 0 ]; then
    topology="$(ini_value "$experiment" topology)"
    images="$(ini_value "$experiment" image)"
    images="$(echo "${images:-small}" | tr ',' '\n' | sort -u | paste -sd,)"
    key="$topology|$images"
    if [ -z "${insitu_tables[$key]:-}" ]; then
      insitu="${db%.db}-insitu-$(basename "$experiment" .ini).db"
      rm -f "$insitu"
      ./build/servesim calibrate --backend testbed --topology "$topology" --image "$images" \
        "${base_args[@]}" --db "$insitu" | grep -v '^ '
      insitu_tables[$key]="$insitu"
    fi
    costs_args+=(--costs "${insitu_tables[$key]}")
  fi
  ./build/servesim validate --live --replay --replications "${SERVESIM_REPLICATIONS:-5}" \
    --experiment "$experiment" --db "$db" "${costs_args[@]}"
done
# Which of a point's four predictions a predicted run is, from its tag.
prediction_kind="CASE WHEN r.tag LIKE 'replay of run%' THEN 'replayed (own calls and speed)'
                      WHEN r.tag LIKE '%at its warm-up''s speed%' THEN 'at the warm-up''s speed'
                      WHEN r.tag LIKE '%at its speed%' THEN 'at the run''s speed'
                      ELSE 'in situ' END"
# A miss by less than the measured and predicted 95% intervals together is one the runs' own
# noise can explain (validate's "miss*"); the second column counts points without any other.
echo "== points meeting all three targets, by prediction (this invocation)"
sqlite3 -column -header "$db" "
  SELECT $prediction_kind AS prediction,
         SUM(v.ok) || ' of ' || COUNT(*) AS points,
         SUM(v.real = 0) || ' of ' || COUNT(*) AS no_miss_beyond_noise
  FROM (SELECT predicted_run_id, MIN(pass) AS ok, MAX(COALESCE(beyond_noise, 0)) AS real
        FROM validations WHERE target IS NOT NULL GROUP BY predicted_run_id) AS v
  JOIN runs AS r ON r.run_id = v.predicted_run_id
  WHERE r.run_id > $first_run
  GROUP BY prediction ORDER BY prediction;"
# A target is only as sharp as the measurement: a p50 whose own 95% interval is wider than 5%
# cannot be judged at 5%, whatever the prediction.
echo "== measured metrics whose 95% interval is wider than their target (this invocation)"
sqlite3 -column -header "$db" "
  SELECT v.metric, COUNT(*) || ' of ' || (SELECT COUNT(DISTINCT w.measured_run_id)
           FROM validations AS w WHERE w.predicted_run_id > $first_run) AS runs,
         printf('%.1f%%', 100 * MAX(v.measured_ci95_rel)) AS widest
  FROM (SELECT DISTINCT measured_run_id, metric, measured_ci95_rel, target FROM validations
        WHERE predicted_run_id > $first_run AND target IS NOT NULL) AS v
  WHERE v.measured_ci95_rel > v.target
  GROUP BY v.metric ORDER BY v.metric;"
# Whole points flip at a target's edge; the metrics' errors in units of their targets (capped at
# 10, so one overload does not decide the mean) show a change that the counts hide.
echo "== every targeted metric, by prediction (this invocation): passes and mean |error| / target"
sqlite3 -column -header "$db" "
  SELECT $prediction_kind AS prediction,
         SUM(v.pass) || ' of ' || COUNT(*) AS metrics,
         printf('%.3f', AVG(MIN(ABS(v.rel_error) / v.target, 10.0))) AS mean_error_in_targets
  FROM validations AS v JOIN runs AS r ON r.run_id = v.predicted_run_id
  WHERE v.target IS NOT NULL AND r.run_id > $first_run
  GROUP BY prediction ORDER BY prediction;"
echo "== stored in $db (table validations; servesim export --db $db)"
