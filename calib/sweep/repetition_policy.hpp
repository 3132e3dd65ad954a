// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>

namespace servesim::calib {

/// How long one calibration point is measured: warm-up runs, then repetitions until the 95%
/// confidence interval of the median is within `target_ci_fraction` of it, or a cap is hit.
struct RepetitionPolicy {
  /// Untimed runs first (caches, page faults, lazy allocation); cut short once they take more
  /// than a fifth of max_point_time, but at least one always runs.
  int warmup_runs = 3;
  /// Repetitions before the stopping rule is checked (and at least 6, where a 95% interval of
  /// the median first exists), unless the time cap ends the point first.
  int min_repetitions = 10;
  int max_repetitions = 400;
  /// Never fewer than this many timed runs, whatever the time cap says.
  int floor_repetitions = 3;
  /// Time budget of one point (warm-up included); slow points stop here with what they have.
  std::chrono::milliseconds max_point_time{2500};
  /// Stop when the interval's half width is below this fraction of the median (0.02 = +-2%).
  double target_ci_fraction = 0.02;
  /// Normal quantile of the interval's confidence (1.96 = 95%).
  double z = 1.96;
  /// On a shared machine: measure the point again (up to max_attempts in all) while the thread
  /// got less than this share of its core during the timed runs; keep the best attempt.
  double min_cpu_share = 0.9;
  int max_attempts = 2;
  /// Before each run (warm-up included, untimed), read this many bytes elsewhere so the run
  /// starts with cold caches, as a server's stage does (calib/sweep/cache_evictor.hpp); 0 keeps
  /// the caches as the previous repetition left them (a hot loop).
  std::int64_t evict_cache_bytes = 0;

  /// The quick mode: fewer runs and a shorter budget, for tests and a first look.
  static RepetitionPolicy quick();
  /// Throws std::invalid_argument naming the field.
  void validate() const;
};

}  // namespace servesim::calib
