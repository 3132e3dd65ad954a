// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace servesim::sim {

std::uint64_t LatencyHistogram::bucket_lower(int index) {
  if (index < 2 * kSubBuckets) return static_cast<std::uint64_t>(index);
  const int shift = index / kSubBuckets - 1;
  const auto sub = static_cast<std::uint64_t>(index % kSubBuckets + kSubBuckets);
  return sub << shift;
}

std::uint64_t LatencyHistogram::bucket_width(int index) {
  if (index < 2 * kSubBuckets) return 1;
  return std::uint64_t{1} << (index / kSubBuckets - 1);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0.0;
  const double clamped = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(clamped * static_cast<double>(count_)));
  if (rank == 0) rank = 1;
  std::uint64_t seen = 0;
  for (int i = 0; i < kBucketCount; ++i) {
    seen += counts_[static_cast<std::size_t>(i)];
    if (seen >= rank) {
      const double mid =
          static_cast<double>(bucket_lower(i)) + (static_cast<double>(bucket_width(i)) - 1.0) / 2.0;
      return std::clamp(mid, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace servesim::sim
