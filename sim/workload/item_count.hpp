// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/random/rng_stream.hpp"

#include <string>
#include <vector>

namespace servesim::sim {

/// How many child items a fan-out stage emits per request (faces per image, objects per frame):
/// "fixed:K", "poisson:MEAN" or "empirical:K1:P1,K2:P2,..." (probabilities normalised).
class ItemCount {
 public:
  /// Throws std::invalid_argument naming what is wrong and what a valid text looks like.
  static ItemCount parse(const std::string& text);

  int sample(RngStream& rng) const;
  double mean() const { return mean_; }
  const std::string& describe() const { return text_; }

 private:
  enum class Kind { kFixed, kPoisson, kEmpirical };
  Kind kind_ = Kind::kFixed;
  std::string text_;
  double mean_ = 0;
  std::vector<int> values_;         // empirical: the counts
  std::vector<double> cumulative_;  // empirical: cumulative probabilities, last = 1
};

}  // namespace servesim::sim
