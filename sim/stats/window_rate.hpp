// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/stats/batch_means.hpp"

#include <cstdint>
#include <vector>

namespace servesim::sim {

/// Completions per second over a measurement window, with a batch-means interval: the window is
/// cut into equal parts and the parts' rates are the batches. A slow stretch lowers the count of
/// its parts, so their spread says how well one run knows its rate; memory is one counter per
/// part however many completions there are.
class WindowRate {
 public:
  /// The window [from_ns, to_ns], both ends counted (a completion at the end is in), cut into
  /// `parts` (at least 2). Throws std::invalid_argument for an empty window or too few parts.
  WindowRate(std::int64_t from_ns, std::int64_t to_ns, int parts = kDefaultParts);

  /// Counts a completion at `t_ns` if it falls in the window; returns whether it did.
  bool record(std::int64_t t_ns);
  std::uint64_t count() const { return count_; }
  /// Completions per second over the window, and the 95% interval of the parts' mean rate.
  Estimate per_s() const;

  /// 16 parts: 1.7 s each in a 27 s window, so that a stretch of slow seconds spans few of them.
  static constexpr int kDefaultParts = 16;

 private:
  std::int64_t from_ns_;
  std::int64_t to_ns_;
  std::vector<std::uint64_t> part_counts_;
  std::uint64_t count_ = 0;
};

}  // namespace servesim::sim
