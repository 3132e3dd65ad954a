// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_model.hpp"
#include "sim/serving/serving_config.hpp"
#include "sim/store/results_store.hpp"
#include "sim/store/run_result.hpp"

#include "validate/validation/stored_run.hpp"
#include "validate/validation/validation.hpp"
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace servesim::validate {

/// One prediction of a measured run, compared: its stored runs (one per replication, the first
/// named in table validations) and the comparison of their mean.
struct Prediction {
  Validation validation;
  std::vector<std::int64_t> run_ids;
  std::int64_t run_id() const { return run_ids.front(); }
};

/// A measured point and its predictions, from the least the prediction knows of the run to the
/// most. The last three come with --replay only, from the run's own cpu stage calls.
struct PointOutcome {
  sim::ServingConfig scenario;
  std::int64_t measured_id = 0;
  /// The cost tables as they are: what a planner knows before the run.
  Prediction prediction;
  /// The tables at the speed the machine ran during the run's warm-up (one factor, held over
  /// the run): what a short probe right before the measured window knows.
  std::optional<Prediction> at_warmup_speed;
  double warmup_speed_factor = 1;  // the warm-up's calls' time over the tables' means for them
  /// The tables at the run's speed, window by window.
  std::optional<Prediction> at_run_speed;
  double run_speed_factor = 1;  // the run's calls' time over the tables' means for them
  /// From the run's own service times and speed.
  std::optional<Prediction> replay;
};

/// Simulates the scenario `replications` times (replication k draws its service times and
/// wake-ups from its own streams, over the same workload), compares each run with the measured
/// one, stores the runs and the comparison of their mean, and returns it. `amend_provenance`
/// edits each run's provenance before it is stored.
Prediction predict(sim::ResultsStore& store, const StoredRun& measured,
                   const sim::ServingConfig& scenario, const sim::CostModel& costs,
                   const std::vector<std::string>& cost_files, const std::string& tag,
                   int replications,
                   const std::function<void(sim::RunResult&)>& amend_provenance = {});

/// The measured run of `out` predicted again from its cpu stage calls (--replay), each with the
/// machine's speed read from them, and fills those three of `out`:
/// - at the warm-up's speed: `costs` as they are, slowed by one factor (the warm-up's calls
///   against their means); skipped, with a line on stderr, when the warm-up holds too few calls.
/// - at its speed: `costs` as they are, with a speed trace of every call against their means
///   (slow stretches stay where they happened). What is left is the tables' shape and the
///   serving model, without the drift since the calibration.
/// - from its own calls: a table made of the calls at the run's mean speed (over `cost_files`),
///   the trace measured against the calls' own means. What is left is the serving model's error
///   (queueing, batching, co-run rule). The table lives in a scratch file for the prediction.
void replay_run(PointOutcome& out, sim::ResultsStore& store, const std::string& db_path,
                const StoredRun& measured, const std::vector<sim::RequestStageRecord>& stages,
                const sim::CostModel& costs, const std::vector<std::string>& cost_files,
                int replications);

}  // namespace servesim::validate
