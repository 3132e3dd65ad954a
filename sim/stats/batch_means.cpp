// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/batch_means.hpp"

#include "sim/stats/student_t.hpp"

#include <stdexcept>

namespace servesim::sim {

BatchMeansRecorder::BatchMeansRecorder(int min_batches)
    : min_batches_(min_batches), current_(std::make_unique<LatencyHistogram>()) {
  if (min_batches < 2) throw std::invalid_argument("batch means: need at least 2 batches");
  batches_.reserve(static_cast<std::size_t>(2 * min_batches));
}

void BatchMeansRecorder::close_batch() {
  batches_.push_back(std::move(current_));
  current_ = std::make_unique<LatencyHistogram>();
  if (batches_.size() < static_cast<std::size_t>(2 * min_batches_)) return;
  // Merge neighbours: half as many batches, each twice as long.
  for (std::size_t i = 0; i < batches_.size() / 2; ++i) {
    batches_[2 * i]->merge(*batches_[2 * i + 1]);
    batches_[i] = std::move(batches_[2 * i]);
  }
  batches_.resize(batches_.size() / 2);
  batch_size_ *= 2;
}

template <typename Statistic>
Estimate BatchMeansRecorder::estimate(double point, Statistic statistic) const {
  std::vector<double> per_batch;
  per_batch.reserve(batches_.size());
  for (const auto& batch : batches_) per_batch.push_back(statistic(*batch));
  return {point, mean_ci95_halfwidth(per_batch), static_cast<int>(batches_.size())};
}

Estimate BatchMeansRecorder::mean() const {
  return estimate(total_.mean(), [](const LatencyHistogram& h) { return h.mean(); });
}

Estimate BatchMeansRecorder::percentile(double q) const {
  return estimate(total_.percentile(q), [q](const LatencyHistogram& h) { return h.percentile(q); });
}

}  // namespace servesim::sim
