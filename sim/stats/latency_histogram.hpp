// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstdint>
#include <limits>

namespace servesim::sim {

/// Streaming recorder of non-negative integer values (nanoseconds) in constant memory. Buckets are
/// exact below 128 and log-linear above (64 per power of two), so any percentile is within 0.8% of
/// the true order statistic. The sum is exact, so the mean carries no bucket error.
class LatencyHistogram {
 public:
  static constexpr int kSubBuckets = 64;
  static constexpr int kBucketCount = 58 * kSubBuckets;

  void record(std::int64_t value_ns) {
    const auto v = static_cast<std::uint64_t>(value_ns < 0 ? 0 : value_ns);
    ++counts_[bucket_index(v)];
    ++count_;
    sum_ += static_cast<double>(v);
    if (v < min_) min_ = v;
    if (v > max_) max_ = v;
  }
  void merge(const LatencyHistogram& other);
  void clear() { *this = LatencyHistogram{}; }

  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  double sum() const { return sum_; }
  std::int64_t min() const { return count_ ? static_cast<std::int64_t>(min_) : 0; }
  std::int64_t max() const { return static_cast<std::int64_t>(max_); }
  /// Nearest-rank percentile, q in [0, 1], reported at its bucket's midpoint (clamped to min/max).
  double percentile(double q) const;

  static int bucket_index(std::uint64_t value) {
    if (value < 2 * kSubBuckets) return static_cast<int>(value);
    const int msb = 63 - __builtin_clzll(value);
    const int shift = msb - 6;
    return (shift + 1) * kSubBuckets + static_cast<int>((value >> shift) - kSubBuckets);
  }
  /// [lower, upper) of a bucket.
  static std::uint64_t bucket_lower(int index);
  static std::uint64_t bucket_width(int index);
  std::uint64_t bucket_count(int index) const { return counts_[static_cast<std::size_t>(index)]; }

 private:
  std::array<std::uint64_t, kBucketCount> counts_{};
  std::uint64_t count_ = 0;
  double sum_ = 0.0;
  std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ = 0;
};

}  // namespace servesim::sim
