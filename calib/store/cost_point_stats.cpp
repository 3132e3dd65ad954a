// SPDX-License-Identifier: Apache-2.0
#include "calib/store/cost_point_stats.hpp"

#include "sim/stats/sample_moments.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace servesim::calib {

double sorted_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) throw std::invalid_argument("quantile of an empty sample");
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("quantile " + std::to_string(q) + " is outside [0, 1]");
  }
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(h));
  if (lower + 1 >= sorted.size()) return sorted.back();
  const double fraction = h - static_cast<double>(lower);
  return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]);
}

CostPointStats CostPointStats::from_samples(std::vector<double> durations_ns) {
  if (durations_ns.empty()) {
    throw std::invalid_argument("cost point statistics need at least one sample duration");
  }
  for (std::size_t i = 0; i < durations_ns.size(); ++i) {
    if (!std::isfinite(durations_ns[i]) || durations_ns[i] < 0) {
      throw std::invalid_argument("sample duration #" + std::to_string(i) + " is " +
                                  std::to_string(durations_ns[i]) +
                                  " ns; durations must be finite and non-negative");
    }
  }
  std::sort(durations_ns.begin(), durations_ns.end());
  const sim::SampleMoments moments = sim::sample_moments(durations_ns);

  CostPointStats stats;
  stats.mean_ns = moments.mean;
  stats.stddev_ns = moments.stddev;
  stats.min_ns = durations_ns.front();
  stats.p50_ns = sorted_quantile(durations_ns, 0.50);
  stats.p90_ns = sorted_quantile(durations_ns, 0.90);
  stats.p99_ns = sorted_quantile(durations_ns, 0.99);
  stats.max_ns = durations_ns.back();
  stats.samples = static_cast<std::int64_t>(durations_ns.size());
  for (std::size_t i = 0; i < sim::kFinerQuantileCount; ++i) {
    stats.finer_ns[i] = sorted_quantile(durations_ns, sim::kFinerQuantiles[i].level);
  }
  return stats;
}

CostPointStats CostPointStats::single(double duration_ns) { return from_samples({duration_ns}); }

}  // namespace servesim::calib
