// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "calib/sweep/median_interval.hpp"
#include "calib/sweep/repetition_policy.hpp"

#include <functional>
#include <string>
#include <vector>

namespace servesim::calib {

/// Why a point stopped repeating.
enum class StopReason { converged, max_repetitions, time_limit };
const char* to_string(StopReason reason);

/// The timed runs of one point.
struct TimedRuns {
  std::vector<double> samples_ns;  ///< wall time of each timed run (steady_clock), in run order
  int warmup_runs = 0;             ///< untimed runs before them
  MedianInterval median;           ///< 95% interval of the median of samples_ns
  StopReason stop = StopReason::time_limit;
  /// Thread CPU time over wall time across the timed runs: near 1 on a quiet core, lower when
  /// other processes took the core (then the samples include their time).
  double cpu_share = 1.0;
  int attempts = 1;  ///< measurements made of the point (see RepetitionPolicy::min_cpu_share)
};

/// Runs `run` policy.warmup_runs times untimed, then times it repeatedly: after
/// policy.min_repetitions runs it stops as soon as the 95% interval of the median is within
/// policy.target_ci_fraction, or at max_repetitions, or when max_point_time is spent (after at
/// least floor_repetitions timed runs). While the thread got less than policy.min_cpu_share of
/// its core, the whole measurement (warm-up included) is repeated, up to policy.max_attempts in
/// all, and the attempt with the highest share is returned. Exceptions from `run` propagate.
TimedRuns time_repeatedly(const std::function<void()>& run, const RepetitionPolicy& policy);

}  // namespace servesim::calib
