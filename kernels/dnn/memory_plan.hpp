// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/zoo/model_spec.hpp"

#include <cstdint>
#include <vector>

namespace servesim::kernels::dnn {

/// Which buffer holds each layer's output. A buffer is reused once every consumer of its
/// previous tenant has run, as an inference engine's arena does, so that activations of a large
/// model at a large batch fit in memory and stay warm in cache the way they would in production.
struct MemoryPlan {
  std::vector<int> buffer_of_layer;           ///< index into buffer_elements
  std::vector<std::int64_t> buffer_elements;  ///< size of each buffer in floats
  std::int64_t total_elements() const;
};

/// Plans buffers for `batch` samples (best fit among free buffers, growing the largest free one
/// when none fits). Model outputs are never reused. With reuse = false every layer gets its own
/// buffer (for inspecting intermediate results).
MemoryPlan plan_memory(const zoo::ModelSpec& model, std::int64_t batch, bool reuse = true);

}  // namespace servesim::kernels::dnn
