// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/stats/latency_histogram.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace servesim::sim {

/// A point estimate with its 95% confidence half-width (0 when too few batches to say).
struct Estimate {
  double value = 0.0;
  double ci95_halfwidth = 0.0;
  int batches = 0;
};

/// Confidence intervals for a correlated output series (waits in a queue are correlated) by the
/// method of batch means. The batch size doubles whenever the batch count reaches twice its floor,
/// so memory stays constant however long the run; each batch keeps its own histogram so that
/// percentiles get intervals too.
class BatchMeansRecorder {
 public:
  explicit BatchMeansRecorder(int min_batches = 32);

  void record(std::int64_t value_ns) {
    total_.record(value_ns);
    current_->record(value_ns);
    if (current_->count() == batch_size_) close_batch();
  }

  const LatencyHistogram& histogram() const { return total_; }
  std::uint64_t count() const { return total_.count(); }
  Estimate mean() const;
  Estimate percentile(double q) const;

 private:
  void close_batch();
  template <typename Statistic>
  Estimate estimate(double point, Statistic statistic) const;

  int min_batches_;
  std::uint64_t batch_size_ = 1;
  LatencyHistogram total_;
  std::unique_ptr<LatencyHistogram> current_;
  std::vector<std::unique_ptr<LatencyHistogram>> batches_;
};

}  // namespace servesim::sim
