// SPDX-License-Identifier: Apache-2.0
#include "calib/sweep/classification_postprocess.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace servesim::calib {

void softmax_top_k(std::span<const float> logits, int k, std::vector<float>& scratch,
                   std::vector<ClassScore>& top) {
  if (logits.empty()) throw std::invalid_argument("softmax_top_k: no logits");
  if (k < 1 || static_cast<std::size_t>(k) > logits.size()) {
    throw std::invalid_argument("softmax_top_k: k = " + std::to_string(k) + " outside 1.." +
                                std::to_string(logits.size()));
  }
  const float max_logit = *std::max_element(logits.begin(), logits.end());
  scratch.resize(logits.size());
  float sum = 0;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    scratch[i] = std::exp(logits[i] - max_logit);
    sum += scratch[i];
  }
  const float inverse = 1.0f / sum;
  for (float& p : scratch) p *= inverse;

  // Keep the k best seen so far in `top`, sorted best first: one pass, k small.
  top.clear();
  auto better = [](const ClassScore& a, const ClassScore& b) {
    return a.probability > b.probability ||
           (a.probability == b.probability && a.class_index < b.class_index);
  };
  for (std::size_t i = 0; i < scratch.size(); ++i) {
    const ClassScore candidate{static_cast<std::int32_t>(i), scratch[i]};
    if (top.size() == static_cast<std::size_t>(k)) {
      if (!better(candidate, top.back())) continue;
      top.pop_back();
    }
    top.insert(std::upper_bound(top.begin(), top.end(), candidate, better), candidate);
  }
}

}  // namespace servesim::calib
