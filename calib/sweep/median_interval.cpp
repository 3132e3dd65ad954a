// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/median_interval.hpp"

#include "calib/store/cost_point_stats.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace servesim::calib {

double MedianInterval::relative_half_width() const {
  if (median_ns <= 0) return upper_ns > lower_ns ? INFINITY : 0.0;
  return (upper_ns - lower_ns) / 2.0 / median_ns;
}

MedianInterval median_interval(const std::vector<double>& sorted_ns, double z) {
  if (sorted_ns.empty()) throw std::invalid_argument("median interval: no samples");
  const auto n = static_cast<double>(sorted_ns.size());
  MedianInterval interval;
  interval.median_ns = sorted_quantile(sorted_ns, 0.5);
  interval.lower_ns = sorted_ns.front();
  interval.upper_ns = sorted_ns.back();
  // P(all n on one side of the median) = 2 / 2^n must be below 5%: n >= 6.
  if (sorted_ns.size() < 6) return interval;
  const double spread = z * std::sqrt(n) / 2.0;
  const double lower_rank = std::max(1.0, std::floor(n / 2.0 - spread));
  const double upper_rank = std::min(n, std::ceil(1.0 + n / 2.0 + spread));
  interval.lower_ns = sorted_ns[static_cast<std::size_t>(lower_rank) - 1];
  interval.upper_ns = sorted_ns[static_cast<std::size_t>(upper_rank) - 1];
  interval.valid = true;
  return interval;
}

}  // namespace servesim::calib
