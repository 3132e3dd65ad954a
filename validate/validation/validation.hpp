// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/store/run_result.hpp"
#include "sim/store/sqlite_db.hpp"

#include "validate/validation/stored_run.hpp"
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace servesim::validate {

/// One metric of a prediction against a measurement. rel_error = (predicted - measured) /
/// measured: positive when the model is pessimistic about latency or optimistic about throughput.
struct MetricCheck {
  /// The vocabulary's name (docs/vocabulary.md): throughput_rps, latency_ms.p99,
  /// breakdown.<part>.mean_ms, breakdown.<part>.share.
  std::string metric;
  double predicted = 0;
  double measured = 0;
  double rel_error = 0;
  std::optional<double> target;  // |rel_error| allowed (docs/design.md: p50 5%, p99 10%, tput 3%)
  /// Over replications of the prediction: the 95% interval of their mean (Student t), as a
  /// fraction of it. The prediction's own sampling error, set when there are two or more.
  std::optional<double> predicted_ci95_rel;
  /// The measured value's own 95% interval, as a fraction of it: batch means over the run where
  /// the run stored one (a queue's latencies are correlated, so an interval that takes the
  /// requests as independent is several times too narrow near saturation), else, for p50 and
  /// p99, the order statistics of the stored requests; unset when neither is known.
  std::optional<double> measured_ci95_rel;

  bool pass() const { return !target || std::abs(rel_error) <= *target; }
  /// Both runs' own noise in the error: the measured and predicted intervals, root sum of
  /// squares (the two are independent); 0 where neither is known.
  double noise_rel() const;
  /// A miss that the noise does not explain: the error is beyond the target by more than
  /// noise_rel(), so it stays a miss at the near edge of both intervals.
  bool miss_beyond_noise() const;
  /// The run is long enough to judge the target: its measured interval is no wider than the
  /// target (true when the interval is unknown, or the metric has no target).
  bool decidable() const;
};

struct Validation {
  std::vector<MetricCheck> checks;
  /// Replications of the prediction averaged in `predicted` (1: a single simulation).
  int replications = 1;

  bool all_pass() const;
  /// No targeted metric misses by more than the runs' own noise.
  bool no_miss_beyond_noise() const;
  const MetricCheck* find(const std::string& metric) const;
};

/// Compares the prediction (a simulated run's rows) with a stored measured or imported run, metric
/// by metric, where both have it.
Validation compare_runs(const sim::RunResult& predicted, const StoredRun& measured);

/// One comparison from replications of the same prediction against the same measurement: each
/// metric's `predicted` is the replications' mean (the verdict is on it), with its interval.
/// Metrics missing from any replication are left out. Throws std::invalid_argument if empty.
Validation combine_replications(const std::vector<Validation>& replications);

/// Distribution-free 95% interval of a quantile from sorted samples taken as independent, as a
/// fraction of the estimate: ranks n q -+ 1.96 sqrt(n q (1 - q)). Empty below 100 samples.
std::optional<double> quantile_ci_rel(const std::vector<double>& sorted, double q);

std::string validation_json(const Validation& v, std::int64_t measured_run_id,
                            std::int64_t predicted_run_id, const std::string& scenario_json);
std::string validation_table(const Validation& v);

/// Stores the comparison (table validations of the results database) in one transaction.
void store_validation(sim::SqliteDb& db, const Validation& v, std::int64_t measured_run_id,
                      std::int64_t predicted_run_id);

/// Records which stored runs a comparison's prediction averaged (table validation_replications:
/// the validation's measured and predicted run ids, the replication number and its run id),
/// in one transaction. `run_ids` starts with `predicted_run_id`, replication 0.
void store_replications(sim::SqliteDb& db, std::int64_t measured_run_id,
                        const std::vector<std::int64_t>& run_ids);

}  // namespace servesim::validate
