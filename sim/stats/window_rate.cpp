// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/window_rate.hpp"

#include "sim/stats/student_t.hpp"

#include <algorithm>
#include <stdexcept>

namespace servesim::sim {

WindowRate::WindowRate(std::int64_t from_ns, std::int64_t to_ns, int parts)
    : from_ns_(from_ns), to_ns_(to_ns) {
  if (to_ns <= from_ns) throw std::invalid_argument("window rate: the window is empty");
  if (parts < 2) throw std::invalid_argument("window rate: need at least 2 parts");
  part_counts_.assign(static_cast<std::size_t>(parts), 0);
}

bool WindowRate::record(std::int64_t t_ns) {
  if (t_ns < from_ns_ || t_ns > to_ns_) return false;
  const auto parts = static_cast<std::int64_t>(part_counts_.size());
  // Integer arithmetic, so a completion's part does not depend on rounding; the end goes last.
  const std::int64_t part = std::min(parts - 1, (t_ns - from_ns_) * parts / (to_ns_ - from_ns_));
  ++part_counts_[static_cast<std::size_t>(part)];
  ++count_;
  return true;
}

Estimate WindowRate::per_s() const {
  const double window_s = static_cast<double>(to_ns_ - from_ns_) * 1e-9;
  const double part_s = window_s / static_cast<double>(part_counts_.size());
  std::vector<double> rates;
  rates.reserve(part_counts_.size());
  for (const std::uint64_t n : part_counts_) rates.push_back(static_cast<double>(n) / part_s);
  return {static_cast<double>(count_) / window_s, mean_ci95_halfwidth(rates),
          static_cast<int>(rates.size())};
}

}  // namespace servesim::sim
