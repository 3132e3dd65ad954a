// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kernels/dnn/aligned_buffer.hpp"
#include "kernels/dnn/tensor.hpp"

namespace servesim::kernels::dnn {

/// Weights of one multi-head self-attention layer of width D (PyTorch/timm layout).
struct AttentionWeights {
  const float* qkv_weight = nullptr;   ///< [3D][D]: rows 0..D-1 give Q, then K, then V
  const float* qkv_bias = nullptr;     ///< [3D] or null
  const float* proj_weight = nullptr;  ///< [D][D]
  const float* proj_bias = nullptr;    ///< [D] or null
};

/// Intermediates, kept between calls so that a timed run allocates nothing.
struct AttentionScratch {
  FloatBuffer qkv;      ///< T x 3D
  FloatBuffer scores;   ///< T x T, one head at a time
  FloatBuffer context;  ///< T x D
};

/// Multi-head self-attention on token tensors N x 1 x T x D:
/// [Q K V] = x Wqkv^T + b; per head h (columns h*D/H .. (h+1)*D/H - 1 of Q, K and V)
/// context_h = softmax(Q_h K_h^T / sqrt(D/H)) V_h; out = context Wproj^T + b.
/// Every product is an Eigen GEMM. Throws std::invalid_argument on shape errors.
void self_attention(ConstTensorView in, int heads, const AttentionWeights& weights, TensorView out,
                    AttentionScratch& scratch);

}  // namespace servesim::kernels::dnn
