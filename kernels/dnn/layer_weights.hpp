// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/aligned_buffer.hpp"
#include "kernels/zoo/layer_spec.hpp"

#include <cstdint>

namespace servesim::kernels::dnn {

/// The parameters one layer needs at inference, by kind:
/// - conv2d, linear: weight [out][in/groups][k][k] or [out][in], bias (empty without bias)
/// - batchnorm: weight = folded scale, bias = folded shift (one per channel)
/// - prelu: weight = slope per channel
/// - layernorm: weight = gamma, bias = beta
/// - attention: weight / bias = QKV [3D][D] / [3D], weight2 / bias2 = projection [D][D] / [D]
/// - patch_embed: weight [D][C][p][p], bias [D], weight2 = class token [D],
///   bias2 = position embedding [T][D]
/// Other kinds have none.
struct LayerWeights {
  FloatBuffer weight;
  FloatBuffer bias;
  FloatBuffer weight2;
  FloatBuffer bias2;

  std::int64_t count() const {
    return static_cast<std::int64_t>(weight.size() + bias.size() + weight2.size() + bias2.size());
  }
};

/// Deterministic random weights for a layer: the same (layer, seed) always gives the same values.
/// Scaled so that activations stay finite through deep stacks (He-uniform weights, batch-norm
/// scale in [0.5, 1], small shifts); the values do not affect timing.
LayerWeights random_weights(const zoo::LayerSpec& layer, std::uint64_t seed);

/// Fills `count` floats with uniform numbers in [lo, hi) from a splitmix64 stream of `seed`.
void fill_uniform(float* values, std::int64_t count, float lo, float hi, std::uint64_t seed);

}  // namespace servesim::kernels::dnn
