// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/engine/sim_time.hpp"

#include <string>
#include <vector>

namespace servesim::sim {

/// How much longer than its cost tables say a machine's cpu calls took over time, window by
/// window: factor 1.2 = 20% slower. A VM shares its host and its speed wanders by tens of
/// percent within a minute, the same way on every core at once
/// (docs/findings/2026-11-24-speed-trace.md). A trace keeps the slow stretches together, as they
/// happened, where independent samples would spread them thinly over the run; near saturation that
/// is the difference between a queue that builds up and one that does not.
struct SpeedTrace {
  SimDuration window_ns = 0;
  std::vector<double> factors;  ///< window k is [k, k+1) x window_ns; past the end, the last one

  bool empty() const { return factors.empty(); }
  /// The factor at simulated time `t_ns` (1 for an empty trace).
  double at(SimTime t_ns) const;
  /// Throws std::invalid_argument if a factor is not positive or the window is.
  void validate() const;
  /// `time_s,factor` rows after that header, from time 0 in equal steps (the step is the window).
  /// Throws std::invalid_argument naming the file, the line and what to fix.
  static SpeedTrace read_csv(const std::string& path);
};

}  // namespace servesim::sim
