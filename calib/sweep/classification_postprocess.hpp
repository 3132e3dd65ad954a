// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace servesim::calib {

/// One class of a classifier's answer.
struct ClassScore {
  std::int32_t class_index = 0;
  float probability = 0;
};

/// A classification server's postprocessing of one item: softmax over the logits (max-shifted,
/// so large logits do not overflow) and the k most probable classes, most probable first (ties:
/// lower index first). Writes into `top`, reusing its allocation, and `scratch` (the
/// probabilities). Throws std::invalid_argument for empty logits or k outside 1..logits.size().
void softmax_top_k(std::span<const float> logits, int k, std::vector<float>& scratch,
                   std::vector<ClassScore>& top);

}  // namespace servesim::calib
