// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

namespace servesim::sim {

/// Mean and sample standard deviation (n - 1) of a set of values, the variance in two passes:
/// values can be large (seconds in ns) with a small spread. The deviation is 0 below two values.
struct SampleMoments {
  double mean = 0.0;
  double stddev = 0.0;
};

/// Throws std::invalid_argument when `values` is empty.
SampleMoments sample_moments(const std::vector<double>& values);

}  // namespace servesim::sim
