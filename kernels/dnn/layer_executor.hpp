// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/aligned_buffer.hpp"
#include "kernels/dnn/attention.hpp"
#include "kernels/dnn/layer_weights.hpp"
#include "kernels/dnn/tensor.hpp"
#include "kernels/zoo/layer_spec.hpp"

#include <vector>

namespace servesim::kernels::dnn {

/// Working memory shared by all layers of a run (sized once, reused).
struct LayerScratch {
  FloatBuffer columns;  ///< im2col / patch matrices
  AttentionScratch attention;
};

/// Runs one zoo layer: `inputs` are the batch tensors for spec.inputs (each N x spec.in[k]),
/// `out` is N x spec.out. Dispatches to the kernels of this folder. Throws std::invalid_argument
/// when the tensors do not match the spec.
void run_layer(const zoo::LayerSpec& spec, const LayerWeights& weights,
               const std::vector<ConstTensorView>& inputs, TensorView out, LayerScratch& scratch);

/// Scratch large enough for this layer at this batch size, so that timed runs never allocate.
void reserve_scratch(const zoo::LayerSpec& spec, LayerScratch& scratch);

}  // namespace servesim::kernels::dnn
