// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/costs/cost_schema.hpp"

#include <cstdint>
#include <vector>

namespace servesim::calib {

/// The summary of one measured point's sample durations, in the shape of a cost_points row.
///
/// Quantiles interpolate linearly between order statistics (the "type 7" definition that numpy
/// and R use by default): for q in [0, 1], h = q * (n - 1), and the value is
/// x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]) on the sorted samples.
/// stddev_ns is the sample standard deviation (divisor n - 1; 0 for a single sample).
struct CostPointStats {
  double mean_ns = 0;
  double stddev_ns = 0;
  double min_ns = 0;
  double p50_ns = 0;
  double p90_ns = 0;
  double p99_ns = 0;
  double max_ns = 0;
  std::int64_t samples = 0;
  /// At sim::kFinerQuantiles' levels; NaN where unknown (a published figure's body).
  sim::FinerQuantiles finer_ns = sim::no_finer_quantiles();

  /// Summarises durations in nanoseconds. Throws std::invalid_argument on an empty vector or a
  /// negative or non-finite duration (which would mean a broken timer, not a fast kernel).
  static CostPointStats from_samples(std::vector<double> durations_ns);
  /// A published single figure: every quantile equals the value, one sample.
  static CostPointStats single(double duration_ns);
};

/// The type-7 quantile of already sorted values; q in [0, 1]. Exposed for tests and fits.
double sorted_quantile(const std::vector<double>& sorted, double q);

}  // namespace servesim::calib
