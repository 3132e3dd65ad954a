// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/aligned_buffer.hpp"
#include "kernels/dnn/tensor.hpp"

namespace servesim::kernels::dnn {

/// Weights of a ViT patch embedding of width D over p x p patches of a C-channel image.
struct PatchEmbedWeights {
  const float* weight = nullptr;       ///< [D][C][p][p], the patch convolution
  const float* bias = nullptr;         ///< [D] or null
  const float* class_token = nullptr;  ///< [D]
  const float* position = nullptr;     ///< [T][D], T = patches + 1
};

/// N x C x H x W image -> N x 1 x T x D tokens: token 0 is the class token, token 1 + i the
/// i-th patch in row-major order (conv with kernel = stride = p, flattened); then the position
/// embedding is added. The patch conv is one GEMM of the patch matrix per sample. `scratch`
/// holds the patch matrix.
void patch_embed(ConstTensorView in, int patch, const PatchEmbedWeights& weights, TensorView out,
                 FloatBuffer& scratch);

}  // namespace servesim::kernels::dnn
