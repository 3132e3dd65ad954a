// SPDX-License-Identifier: Apache-2.0
#include "sim/stats/batch_means.hpp"

#include "sim/stats/student_t.hpp"

#include <cmath>
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
  Estimate result{point, 0.0, static_cast<int>(batches_.size())};
  if (batches_.size() < 2) return result;
  double sum = 0;
  for (const auto& batch : batches_) sum += statistic(*batch);
  const double n = static_cast<double>(batches_.size());
  const double mean = sum / n;
  double squares = 0;
  for (const auto& batch : batches_) {
    const double d = statistic(*batch) - mean;
    squares += d * d;
  }
  const double stddev = std::sqrt(squares / (n - 1));
  result.ci95_halfwidth =
      student_t_975(static_cast<int>(batches_.size()) - 1) * stddev / std::sqrt(n);
  return result;
}

Estimate BatchMeansRecorder::mean() const {
  return estimate(total_.mean(), [](const LatencyHistogram& h) { return h.mean(); });
}

Estimate BatchMeansRecorder::percentile(double q) const {
  return estimate(total_.percentile(q), [q](const LatencyHistogram& h) { return h.percentile(q); });
}

}  // namespace servesim::sim
