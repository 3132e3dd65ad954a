// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/repetition_policy.hpp"

#include <stdexcept>
#include <string>

namespace servesim::calib {

RepetitionPolicy RepetitionPolicy::quick() {
  RepetitionPolicy p;
  p.warmup_runs = 1;
  p.min_repetitions = 6;
  p.max_repetitions = 100;
  p.floor_repetitions = 2;
  p.max_point_time = std::chrono::milliseconds(600);
  p.target_ci_fraction = 0.05;
  p.max_attempts = 1;
  return p;
}

void RepetitionPolicy::validate() const {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("repetition policy: " + what);
  };
  if (warmup_runs < 0) fail("warmup_runs must be >= 0");
  if (floor_repetitions < 1) fail("floor_repetitions must be >= 1");
  if (min_repetitions < floor_repetitions) fail("min_repetitions must be >= floor_repetitions");
  if (max_repetitions < min_repetitions) fail("max_repetitions must be >= min_repetitions");
  if (max_point_time.count() <= 0) fail("max_point_time must be positive");
  if (!(target_ci_fraction > 0 && target_ci_fraction < 1)) {
    fail("target_ci_fraction must be in (0, 1), e.g. 0.02 for +-2%");
  }
  if (!(z > 0)) fail("z must be positive (1.96 for a 95% interval)");
  if (!(min_cpu_share >= 0 && min_cpu_share <= 1)) fail("min_cpu_share must be in [0, 1]");
  if (max_attempts < 1) fail("max_attempts must be >= 1");
  if (evict_cache_bytes < 0) fail("evict_cache_bytes must be >= 0 (0: no eviction)");
}

}  // namespace servesim::calib
